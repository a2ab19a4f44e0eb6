package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.support.s3.S3Connection;
import org.homeautomation.backup.support.secret.Secret;

/**
 * The checked settings of one restic agent, made from its configuration. Every wrong key is named at once, with what
 * is allowed, so that one edit fixes the configuration; the password never appears in a message.
 */
final class ResticAgentSettings {
    static final String ID_RULE = "1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting with a letter or digit,"
            + " unique in this runtime, such as \"nas-restic\"";
    static final String REPOSITORY_RULE = "the absolute path of the restic repository's folder, such as"
            + " \"/media/usb/restic\", or an S3 location " + S3Location.RULE;
    /** The start of the id of an agent whose configured id is not valid. */
    static final String DERIVED_ID_PREFIX = "restic-";

    private final String id;
    private final String name;
    /** A folder's path, or null for a repository in S3. */
    private final Path repository;
    /** The bucket, prefix and credentials of a repository in S3, or null for one in a folder. */
    private final S3Location s3;
    private final Secret password;
    private final boolean initialize;

    private ResticAgentSettings(String id, String name, Path repository, S3Location s3, Secret password,
            boolean initialize) {
        this.id = id;
        this.name = name;
        this.repository = repository;
        this.s3 = s3;
        this.password = password;
        this.initialize = initialize;
    }

    /** The settings of a repository in a folder, without S3 keys; the environment is the process's. */
    static ResticAgentSettings of(String pid, String id, String name, String repository, String password,
            String passwordFile, boolean initialize) {
        return of(pid, id, name, repository, password, passwordFile, initialize, S3Location.Keys.NONE,
                System::getenv);
    }

    /**
     * @param pid the configuration's pid, to name it in messages
     * @param environment reads an environment variable ('secretKeyEnv'), null when unset
     * @throws IllegalArgumentException naming the pid and every wrong key, with what is allowed
     */
    static ResticAgentSettings of(String pid, ResticAgentComponent.Config config, UnaryOperator<String> environment) {
        return of(pid, config.id(), config.name(), config.repository(), config.password(), config.passwordFile(),
                config.initialize(), new S3Location.Keys(config.accessKey(), config.secretKey(),
                        config.secretKeyEnv(), config.secretKeyFile(), config.region(), config.pathStyle()),
                environment);
    }

    static ResticAgentSettings of(String pid, String id, String name, String repository, String password,
            String passwordFile, boolean initialize, S3Location.Keys s3Keys, UnaryOperator<String> environment) {
        List<String> problems = new ArrayList<>();
        String checkedId = null;
        if (isBlank(id)) {
            problems.add("'id' is missing; allowed: " + ID_RULE);
        } else if (!Identifiers.isValidAgentId(id.trim())) {
            problems.add("'id' = \"" + id + "\" is not allowed; allowed: " + ID_RULE);
        } else {
            checkedId = id.trim();
        }
        Path folder = null;
        S3Location s3 = null;
        if (S3Location.isS3(repository)) {
            s3 = S3Location.parse(pid, repository.trim(), s3Keys, environment, problems);
        } else {
            folder = absolutePath("repository", repository, REPOSITORY_RULE, problems);
        }
        Secret checkedPassword = null;
        if (isBlank(password) == isBlank(passwordFile)) {
            problems.add("set exactly one of 'password' (the repository's password) and 'passwordFile' (the absolute"
                    + " path of a file holding it)");
        } else if (!isBlank(password)) {
            checkedPassword = new Secret(password);
        } else {
            checkedPassword = readPasswordFile(passwordFile, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + pid + ": " + String.join("; ", problems));
        }
        String location = s3 != null ? s3.location() : folder.toString();
        return new ResticAgentSettings(checkedId, isBlank(name) ? "restic repository " + location : name.trim(),
                folder, s3, checkedPassword, initialize);
    }

    /** The id to list a configuration under: its configured id when valid, else {@code restic-<name>}. */
    static String listedId(String pid, String configuredId) {
        if (configuredId != null && Identifiers.isValidAgentId(configuredId.trim())) {
            return configuredId.trim();
        }
        int cut = Math.max(pid.lastIndexOf('~'), pid.lastIndexOf('.'));
        String derived = DERIVED_ID_PREFIX + pid.substring(cut + 1).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-");
        return derived.length() > 64 ? derived.substring(0, 64) : derived;
    }

    private static Secret readPasswordFile(String file, List<String> problems) {
        Path path = absolutePath("passwordFile", file, "the absolute path of a file holding only the password",
                problems);
        if (path == null) {
            return null;
        }
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add("'passwordFile': there is no file " + path);
            return null;
        } catch (IOException e) {
            // not the exception's message: a decoding error could quote part of the file
            problems.add("'passwordFile': cannot read " + path + " (" + e.getClass().getSimpleName() + "); check"
                    + " that the runtime's user may read it and that it is UTF-8 text");
            return null;
        }
        // as restic's --password-file: the first line, without its line end
        String firstLine = content.lines().findFirst().orElse("");
        if (firstLine.isEmpty()) {
            problems.add("'passwordFile': " + path + " is empty; write the repository's password into it");
            return null;
        }
        return new Secret(firstLine);
    }

    private static Path absolutePath(String key, String value, String rule, List<String> problems) {
        if (isBlank(value)) {
            problems.add("'" + key + "' is missing; allowed: " + rule);
            return null;
        }
        try {
            Path path = Path.of(value.trim());
            if (!path.isAbsolute()) {
                problems.add("'" + key + "' = \"" + value + "\" is a relative path; allowed: " + rule);
                return null;
            }
            return path.normalize();
        } catch (InvalidPathException e) {
            problems.add("'" + key + "' = \"" + value + "\" is not a valid path (" + e.getReason() + "); allowed: "
                    + rule);
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** A new agent; for a repository in S3 with its own client, which {@link ResticBackupAgent#close()} closes. */
    ResticBackupAgent newAgent() {
        RepositoryStorage storage = s3 != null
                ? new S3RepositoryStorage(s3.location(), s3.connection("restic-" + id))
                : new RepositoryFolder(repository);
        return new ResticBackupAgent(id, name, storage, password, initialize);
    }

    String id() {
        return id;
    }

    /** @return the repository's folder or {@code s3:} location, as configured */
    String location() {
        return s3 != null ? s3.location() : repository.toString();
    }
}
