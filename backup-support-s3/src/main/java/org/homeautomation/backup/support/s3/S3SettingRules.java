package org.homeautomation.backup.support.s3;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.support.secret.Secret;

/**
 * The rules of the settings keys that every agent storing into S3 shares ({@code accessKey}, {@code secretKey},
 * {@code secretKeyEnv}, {@code secretKeyFile}, {@code region}, {@code endpoint}), so that a key means the same and is
 * refused with the same message in each. Every rejection names the configuration and the key; none quotes a secret.
 */
public final class S3SettingRules {
    /** The region of an agent whose configuration names none. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** What the shared keys mean, for the Metatype descriptions of every agent that has them. */
    public static final String ACCESS_KEY_DESCRIPTION = "The access key id of the credentials.";
    public static final String SECRET_KEY_DESCRIPTION = "The secret key itself. Alternatively use 'secretKeyEnv' or"
            + " 'secretKeyFile'; set exactly one of the three.";
    public static final String SECRET_KEY_ENV_DESCRIPTION = "Name of an environment variable of the runtime holding"
            + " the secret key.";
    public static final String SECRET_KEY_FILE_DESCRIPTION = "Absolute path of a file holding only the secret key"
            + " (readable by the runtime only).";
    public static final String REGION_DESCRIPTION = "The bucket's region, such as eu-central-1. Self-hosted stores"
            + " accept any value unless configured otherwise (Garage: \"garage\").";
    public static final String PATH_STYLE_DESCRIPTION = "Address the bucket as <endpoint>/<bucket> instead of"
            + " <bucket>.<endpoint>. Most self-hosted stores (MinIO, Garage, S3Proxy) need this.";

    private S3SettingRules() {
    }

    /**
     * The secret key from exactly one of the keys {@code secretKey} (the key itself), {@code secretKeyEnv} (an
     * environment variable's name) and {@code secretKeyFile} (a file's absolute path).
     *
     * @param environment reads an environment variable, null when unset (System::getenv outside tests)
     * @throws IllegalArgumentException naming the configuration and the key to fix, never quoting the secret
     */
    public static Secret secretKey(String pid, String value, String variable, String file,
            UnaryOperator<String> environment) {
        int given = (isBlank(value) ? 0 : 1) + (isBlank(variable) ? 0 : 1) + (isBlank(file) ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException(in(pid) + (given == 0 ? "the secret key is missing" : "the secret key"
                    + " is given more than once") + "; set exactly one of 'secretKey' (the key itself),"
                    + " 'secretKeyEnv' (the name of an environment variable holding it) and 'secretKeyFile' (the"
                    + " absolute path of a file holding it)");
        }
        if (!isBlank(value)) {
            return new Secret(value.trim());
        }
        if (!isBlank(variable)) {
            String fromEnvironment = environment.apply(variable.trim());
            if (isBlank(fromEnvironment)) {
                throw new IllegalArgumentException(in(pid) + "'secretKeyEnv' names the environment variable "
                        + variable.trim() + ", which is not set or empty in this runtime's environment; set it"
                        + " before the runtime starts");
            }
            return new Secret(fromEnvironment.trim());
        }
        return new Secret(readSecretFile(pid, file.trim()));
    }

    private static String readSecretFile(String pid, String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(in(pid) + "'secretKeyFile' \"" + file + "\" is not a valid path: "
                    + e.getReason(), e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(in(pid) + "'secretKeyFile' \"" + file + "\" must be an absolute path");
        }
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(in(pid) + "'secretKeyFile': there is no file " + path, e);
        } catch (IOException e) {
            // Not the exception's message: a decoding error could quote part of the file.
            throw new IllegalArgumentException(in(pid) + "'secretKeyFile': cannot read " + path + " ("
                    + e.getClass().getSimpleName() + "); check that the runtime's user may read it and that it is"
                    + " UTF-8 text", e);
        }
        // A trailing line break is what editors and "echo key > file" leave; it is never part of a key.
        String key = content.strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(in(pid) + "'secretKeyFile': " + path + " is empty; write the secret"
                    + " key into it");
        }
        if (key.lines().count() > 1) {
            throw new IllegalArgumentException(in(pid) + "'secretKeyFile': " + path + " holds more than one line;"
                    + " it must hold only the secret key");
        }
        return key;
    }

    /**
     * @return the endpoint of an {@code endpoint} key: an http or https URL with a host and no user information
     * @throws IllegalArgumentException naming the configuration and the key, with an example
     */
    public static URI endpoint(String pid, String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(in(pid) + "'endpoint' \"" + shorten(endpoint) + "\" is not a URL ("
                    + e.getReason() + "); use an http:// or https:// URL with a host, such as"
                    + " https://minio.example.net:9000, or leave it empty for AWS S3", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(in(pid) + "'endpoint' \"" + shorten(endpoint) + "\" must be an http://"
                    + " or https:// URL with a host, such as https://minio.example.net:9000; leave it empty for AWS"
                    + " S3");
        }
        if (uri.getUserInfo() != null) {
            // Credentials in the URL would be logged with it.
            throw new IllegalArgumentException(in(pid) + "'endpoint' must not contain a user name or password; use"
                    + " 'accessKey' and the secret key settings");
        }
        return uri;
    }

    /**
     * @return the value, when it holds no spaces or control characters (an access key, a region)
     * @throws IllegalArgumentException naming the configuration and the key
     */
    public static String token(String pid, String key, String value) {
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(in(pid) + "'" + key + "' must not contain spaces or control"
                    + " characters");
        }
        return value;
    }

    /** @return the beginning of a message about a configuration */
    public static String in(String pid) {
        return "Configuration " + pid + ": ";
    }

    /** @return the value, cut to 80 characters for a message */
    public static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
