package org.homeautomation.backup.agent.restic.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.support.s3.S3Connection;
import org.homeautomation.backup.support.s3.S3SettingRules;
import org.homeautomation.backup.support.secret.Secret;

/**
 * A repository in S3, as restic names it: {@code s3:<endpoint>/<bucket>/<prefix>}, such as
 * {@code s3:https://nas.home.arpa:9000/backups/restic}. The endpoint is an http or https URL; without a scheme it is
 * https, as in restic ({@code s3:s3.amazonaws.com/bucket} is AWS S3 in the configured region). Credentials, region
 * and path style come from the keys the S3 agent uses for them, with the same rules ({@link S3SettingRules}).
 */
final class S3Location {
    static final String PREFIX = "s3:";
    static final String RULE = "s3:<endpoint URL>/<bucket>/<prefix>, such as"
            + " \"s3:https://nas.home.arpa:9000/backups/restic\"";
    /** restic's name of AWS S3: the SDK then picks the region's endpoint itself. */
    private static final String AWS_HOST = "s3.amazonaws.com";
    /** As the S3 agent's defaults: connections beyond these for the few parallel requests of an upload. */
    private static final int CONCURRENCY = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    /** The S3 agent's keys, as configured; empty strings for keys not set. */
    record Keys(String accessKey, String secretKey, String secretKeyEnv, String secretKeyFile, String region,
            boolean pathStyle) {
        static final Keys NONE = new Keys("", "", "", "", "", false);
    }

    private final String location;
    private final Optional<URI> endpoint;
    private final String bucket;
    private final String prefix;
    private final String region;
    private final boolean pathStyle;
    private final String accessKey;
    private final Secret secretKey;

    private S3Location(String location, Optional<URI> endpoint, String bucket, String prefix, String region,
            boolean pathStyle, String accessKey, Secret secretKey) {
        this.location = location;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.prefix = prefix;
        this.region = region;
        this.pathStyle = pathStyle;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    static boolean isS3(String repository) {
        return repository != null && repository.trim().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /**
     * Checks an {@code s3:} repository and the S3 keys; adds every problem, naming its key, to {@code problems}.
     *
     * @return the location, or null when there were problems
     */
    static S3Location parse(String pid, String repository, Keys keys, UnaryOperator<String> environment,
            List<String> problems) {
        int before = problems.size();
        String rest = repository.substring(PREFIX.length());
        String withScheme = rest.matches("(?i)https?://.*") ? rest : "https://" + rest;
        URI uri = null;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            problems.add(malformed(repository, "it is not a URL (" + e.getReason() + ")"));
        }
        Optional<URI> endpoint = Optional.empty();
        String bucket = null;
        String prefix = null;
        if (uri != null) {
            String path = uri.getPath() == null ? "" : uri.getPath();
            String[] parts = path.replaceFirst("^/+", "").split("/", 2);
            if (uri.getHost() == null) {
                problems.add(malformed(repository, "it names no host"));
            } else if (uri.getUserInfo() != null) {
                // credentials in the URL would be logged with it
                problems.add(malformed(repository, "it must not contain a user name or password; use 'accessKey'"
                        + " and the secret key settings"));
            } else if (uri.getQuery() != null || uri.getFragment() != null) {
                problems.add(malformed(repository, "it must not have a query or fragment"));
            } else if (parts[0].isEmpty()) {
                problems.add(malformed(repository, "it names no bucket after the endpoint"));
            } else if (!parts[0].matches("[A-Za-z0-9._-]{1,255}")) {
                problems.add(malformed(repository, "\"" + parts[0] + "\" is not a bucket name (letters, digits, '.',"
                        + " '-' and '_')"));
            } else {
                bucket = parts[0];
                prefix = parts.length > 1 ? parts[1].replaceFirst("/+$", "") : "";
                if (prefix.contains("//") || prefix.chars().anyMatch(Character::isISOControl)
                        || List.of(prefix.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
                    problems.add(malformed(repository, "its prefix \"" + prefix + "\" is not folder names separated"
                            + " by single '/'"));
                }
                if (!AWS_HOST.equalsIgnoreCase(uri.getHost())) {
                    endpoint = Optional.of(URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                            + uri.getRawAuthority()));
                }
            }
        }
        String region = S3SettingRules.DEFAULT_REGION;
        String accessKey = null;
        Secret secretKey = null;
        try {
            if (keys.region() != null && !keys.region().isBlank()) {
                region = S3SettingRules.token(pid, "region", keys.region().trim());
            }
        } catch (IllegalArgumentException e) {
            problems.add(withoutPid(pid, e));
        }
        if (keys.accessKey() == null || keys.accessKey().isBlank()) {
            problems.add("'accessKey' is missing; an s3: repository needs the access key id of credentials for its"
                    + " bucket");
        } else {
            try {
                accessKey = S3SettingRules.token(pid, "accessKey", keys.accessKey().trim());
            } catch (IllegalArgumentException e) {
                problems.add(withoutPid(pid, e));
            }
        }
        try {
            secretKey = S3SettingRules.secretKey(pid, keys.secretKey(), keys.secretKeyEnv(), keys.secretKeyFile(),
                    environment);
        } catch (IllegalArgumentException e) {
            problems.add(withoutPid(pid, e));
        }
        if (problems.size() > before) {
            return null;
        }
        String location = PREFIX + endpoint.map(URI::toString).orElse("https://" + AWS_HOST) + "/" + bucket
                + (prefix.isEmpty() ? "" : "/" + prefix);
        return new S3Location(location, endpoint, bucket, prefix, region, keys.pathStyle(), accessKey, secretKey);
    }

    /** @return the location as restic names it, {@code s3:<endpoint>/<bucket>/<prefix>} */
    String location() {
        return location;
    }

    /** @return what the shared S3 client code takes; {@code clientName} names the client's threads */
    S3Connection connection(String clientName) {
        return new S3Connection(clientName, bucket, prefix, region, endpoint, pathStyle, accessKey, secretKey,
                CONCURRENCY, TIMEOUT, STALL_TIMEOUT);
    }

    private static String malformed(String repository, String why) {
        // a password someone put into the URL stays out of the message
        String shown = repository.replaceFirst("//[^/@]*@", "//***@");
        return "'repository' = \"" + S3SettingRules.shorten(shown) + "\" is not a valid S3 location: " + why
                + "; allowed: " + RULE;
    }

    private static String withoutPid(String pid, IllegalArgumentException e) {
        String in = S3SettingRules.in(pid);
        String message = e.getMessage();
        return message.startsWith(in) ? message.substring(in.length()) : message;
    }
}
