package org.homeautomation.backup.agent.s3.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.support.s3.S3Connection;
import org.homeautomation.backup.support.s3.S3SettingRules;
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
    static final String DEFAULT_REGION = S3SettingRules.DEFAULT_REGION;

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
    private final S3Connection connection;

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
        this.connection = new S3Connection(id, bucket, prefix, region, endpoint, pathStyle, accessKey, secretKey,
                concurrency, timeout, stallTimeout);
    }

    /** @return the store, bucket and credentials, as the shared S3 client code takes them */
    S3Connection connection() {
        return connection;
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
        b.region = isBlank(config.region()) ? DEFAULT_REGION
                : S3SettingRules.token(pid, "region", config.region().trim());
        b.endpoint = isBlank(config.endpoint()) ? Optional.empty()
                : Optional.of(S3SettingRules.endpoint(pid, config.endpoint()));
        b.pathStyle = config.pathStyle();
        if (isBlank(config.accessKey())) {
            throw new IllegalArgumentException(in(pid) + "'accessKey' is missing; set it to the access key id of the"
                    + " credentials for bucket '" + b.bucket + "'");
        }
        b.accessKey = S3SettingRules.token(pid, "accessKey", config.accessKey().trim());
        b.secretKey = S3SettingRules.secretKey(pid, config.secretKey(), config.secretKeyEnv(), config.secretKeyFile(),
                environment);
        b.storageClass = isBlank(config.storageClass()) ? Optional.empty()
                : Optional.of(S3SettingRules.token(pid, "storageClass",
                        config.storageClass().trim().toUpperCase(Locale.ROOT)));
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
        return connection.location();
    }

    /** @return the store, for people: "the store at <endpoint>" or "AWS S3 (<region>)" */
    String storeName() {
        return connection.storeName();
    }

    @Override
    public String toString() {
        // No credentials here: the access key is left out, and Secret hides itself.
        return "S3AgentSettings[id=" + id + ", " + location() + ", secretKey=" + secretKey
                + ", partSize=" + partSize + ", concurrency=" + concurrency + "]";
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

    private static int inRange(String pid, String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(in(pid) + "'" + key + "' is " + value + "; it must be between " + min
                    + " and " + max);
        }
        return value;
    }

    private static String in(String pid) {
        return S3SettingRules.in(pid);
    }

    private static String shorten(String s) {
        return S3SettingRules.shorten(s);
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
