package org.homeautomation.backup.agent.s3.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.support.secret.Secret;

/**
 * The checked settings of one S3 agent, made from a component's configuration. Kept apart from the component so that
 * the rules can be tested without a framework. Every rejection names the configuration and the key to fix.
 */
final class S3AgentSettings {
    private static final String INVALID_ID_PREFIX = "s3-config-";
    static final long MIB = 1024L * 1024L;
    /** S3 refuses parts below 5 MiB (except the last one). */
    static final int MIN_PART_SIZE_MIB = 5;
    /** Parts are held in memory as arrays; 1 GiB keeps far below the array limit and any sane heap share. */
    static final int MAX_PART_SIZE_MIB = 1024;
    static final int MAX_CONCURRENCY = 32;
    static final String DEFAULT_REGION = "us-east-1";

    private final String id;
    private final String name;
    private final String bucket;
    private final String prefix;
    private final String region;
    private final Optional<URI> endpoint;
    private final boolean pathStyle;
    private final String accessKey;
    private final Secret secretKey;
    private final Optional<String> storageClass;
    private final long partSize;
    private final int concurrency;
    private final Duration timeout;
    private final Duration stallTimeout;
    private final Duration listCacheTime;

    private S3AgentSettings(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.pathStyle = b.pathStyle;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.storageClass = b.storageClass;
        this.partSize = b.partSize;
        this.concurrency = b.concurrency;
        this.timeout = b.timeout;
        this.stallTimeout = b.stallTimeout;
        this.listCacheTime = b.listCacheTime;
    }

    /**
     * Checks a configuration.
     *
     * @param pid the configuration's (factory) pid, to name it in messages
     * @param config the values as configured
     * @param environment reads an environment variable, null when unset (System::getenv outside tests)
     * @return the settings
     * @throws IllegalArgumentException when a value is missing or invalid, saying which and how to fix it; never
     *         quoting a secret
     */
    static S3AgentSettings from(String pid, S3AgentComponent.Config config, UnaryOperator<String> environment) {
        Builder b = new Builder();
        b.id = checkId(pid, config.id());
        b.bucket = checkBucket(pid, config.bucket());
        b.prefix = normalizePrefix(pid, config.prefix());
        b.region = isBlank(config.region()) ? DEFAULT_REGION : checkToken(pid, "region", config.region().trim());
        b.endpoint = isBlank(config.endpoint()) ? Optional.empty() : Optional.of(checkEndpoint(pid, config.endpoint()));
        b.pathStyle = config.pathStyle();
        if (isBlank(config.accessKey())) {
            throw new IllegalArgumentException(in(pid) + "'accessKey' is missing; set it to the access key id of the"
                    + " credentials for bucket '" + b.bucket + "'");
        }
        b.accessKey = checkToken(pid, "accessKey", config.accessKey().trim());
        b.secretKey = secret(pid, config.secretKey(), config.secretKeyEnv(), config.secretKeyFile(), environment);
        b.storageClass = isBlank(config.storageClass()) ? Optional.empty()
                : Optional.of(checkToken(pid, "storageClass", config.storageClass().trim().toUpperCase(Locale.ROOT)));
        b.partSize = inRange(pid, "partSizeMiB", config.partSizeMiB(), MIN_PART_SIZE_MIB, MAX_PART_SIZE_MIB) * MIB;
        b.concurrency = inRange(pid, "concurrency", config.concurrency(), 1, MAX_CONCURRENCY);
        b.timeout = Duration.ofSeconds(inRange(pid, "timeoutSeconds", config.timeoutSeconds(), 1, 3600));
        b.stallTimeout = Duration.ofSeconds(inRange(pid, "stallTimeoutSeconds", config.stallTimeoutSeconds(), 1,
                3600));
        b.listCacheTime = Duration.ofSeconds(inRange(pid, "listCacheSeconds", config.listCacheSeconds(), 0, 3600));
        b.name = isBlank(config.name()) ? "S3 bucket " + b.bucket : config.name().trim();
        return new S3AgentSettings(b);
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String bucket() {
        return bucket;
    }

    /** @return the key prefix without leading or trailing slash; empty for the bucket's root */
    String prefix() {
        return prefix;
    }

    String region() {
        return region;
    }

    /** @return the endpoint of a store other than AWS S3 */
    Optional<URI> endpoint() {
        return endpoint;
    }

    boolean pathStyle() {
        return pathStyle;
    }

    String accessKey() {
        return accessKey;
    }

    Secret secretKey() {
        return secretKey;
    }

    Optional<String> storageClass() {
        return storageClass;
    }

    /** @return the size of every multipart part but the last, and the largest archive sent in one PUT */
    long partSize() {
        return partSize;
    }

    /** @return how many parts of one upload are sent at once */
    int concurrency() {
        return concurrency;
    }

    /** @return how long the store may stay silent on a connection before the request fails */
    Duration timeout() {
        return timeout;
    }

    /** @return how long an upload may go without the store taking any of its bytes before it fails */
    Duration stallTimeout() {
        return stallTimeout;
    }

    /** @return how long a listing is reused; zero lists afresh every time */
    Duration listCacheTime() {
        return listCacheTime;
    }

    /** @return where the backups are, for people: endpoint, bucket and prefix */
    String location() {
        return endpoint.map(URI::toString).orElse("AWS S3 (" + region + ")") + " bucket '" + bucket + "'"
                + (prefix.isEmpty() ? "" : " under '" + prefix + "/'");
    }

    /** @return the store, for people: "the store at <endpoint>" or "AWS S3 (<region>)" */
    String storeName() {
        return endpoint.map(u -> "the store at " + u).orElse("AWS S3 (" + region + ")");
    }

    @Override
    public String toString() {
        // No credentials here: the access key is left out, and Secret hides itself.
        return "S3AgentSettings[id=" + id + ", " + location() + ", secretKey=" + secretKey
                + ", partSize=" + partSize + ", concurrency=" + concurrency + "]";
    }

    private static Secret secret(String pid, String value, String variable, String file,
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

    private static String checkId(String pid, String id) {
        if (isBlank(id)) {
            throw new IllegalArgumentException(in(pid) + "'id' is missing; set it to an agent id unique in this"
                    + " runtime, such as \"s3\"");
        }
        try {
            return Identifiers.requireValidAgentId(id.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(in(pid) + "'id': " + e.getMessage(), e);
        }
    }

    private static String checkBucket(String pid, String bucket) {
        if (isBlank(bucket)) {
            throw new IllegalArgumentException(in(pid) + "'bucket' is missing; set it to the name of an existing"
                    + " bucket");
        }
        String trimmed = bucket.trim();
        // Looser than AWS's rules on purpose: some self-hosted stores allow more; the store has the last word.
        if (trimmed.length() > 255 || !trimmed.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(in(pid) + "'bucket' \"" + shorten(trimmed) + "\" is not a bucket"
                    + " name: use letters, digits, '.', '-' and '_' only (no slashes; put folders into 'prefix')");
        }
        return trimmed;
    }

    private static String normalizePrefix(String pid, String prefix) {
        if (isBlank(prefix)) {
            return "";
        }
        String p = prefix.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.contains("//") || p.chars().anyMatch(Character::isISOControl) || p.length() > 512) {
            throw new IllegalArgumentException(in(pid) + "'prefix' \"" + shorten(p) + "\" is not a usable key prefix:"
                    + " use folder names separated by single '/', such as \"openhab/backups\"");
        }
        for (String segment : p.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(in(pid) + "'prefix' \"" + shorten(p) + "\" must not contain '.'"
                        + " or '..' as a folder name");
            }
        }
        return p;
    }

    private static URI checkEndpoint(String pid, String endpoint) {
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

    private static String checkToken(String pid, String key, String value) {
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(in(pid) + "'" + key + "' must not contain spaces or control"
                    + " characters");
        }
        return value;
    }

    private static int inRange(String pid, String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(in(pid) + "'" + key + "' is " + value + "; it must be between " + min
                    + " and " + max);
        }
        return value;
    }

    private static String in(String pid) {
        return "Configuration " + pid + ": ";
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static final class Builder {
        private String id;
        private String name;
        private String bucket;
        private String prefix;
        private String region;
        private Optional<URI> endpoint;
        private boolean pathStyle;
        private String accessKey;
        private Secret secretKey;
        private Optional<String> storageClass;
        private long partSize;
        private int concurrency;
        private Duration timeout;
        private Duration stallTimeout;
        private Duration listCacheTime;
    }

    /**
     * The id an invalid configuration is listed under: the configured id if it is valid; otherwise {@code s3-config-}
     * followed by the configuration's name (what follows the {@code ~} or the last dot of its pid) in the characters
     * an id allows, so that two invalid configurations get two entries.
     */
    static String listedId(String configuredId, String pid) {
        if (configuredId != null && Identifiers.isValidAgentId(configuredId.trim())) {
            return configuredId.trim();
        }
        int cut = Math.max(pid.lastIndexOf('~'), pid.lastIndexOf('.'));
        String name = pid.substring(cut + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        String id = INVALID_ID_PREFIX + name;
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
