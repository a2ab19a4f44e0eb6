package org.homeautomation.backup.support.s3;

import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;

/**
 * Builds the SDK client of one agent with every part chosen explicitly. Left to itself, the SDK finds its HTTP client
 * through ServiceLoader, and region, credentials, retry and defaults mode through a chain of environment variables,
 * system properties and {@code ~/.aws} files; inside an OSGi framework the ServiceLoader lookup fails or picks up
 * another bundle's SDK, and the chains would make an agent behave differently depending on the user running the
 * runtime. So nothing is left to lookups: the configuration alone decides.
 */
public final class S3Clients {
    /** Connections beyond one per parallel part: listings, downloads and other uploads of the same agent. */
    private static final int EXTRA_CONNECTIONS = 8;
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Effectively none: see {@link #transferTimeouts}. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofDays(7);
    private static final S3AuthSchemeProvider DEFAULT_AUTH_SCHEMES = S3AuthSchemeProvider.defaultProvider();

    private S3Clients() {
    }

    /** An S3 client and the HTTP client under it, which the SDK does not close since it did not make it. */
    public record Pair(S3Client s3, SdkHttpClient http) implements AutoCloseable {
        @Override
        public void close() {
            try {
                s3.close();
            } finally {
                http.close();
            }
        }
    }

    public static Pair create(S3Connection settings) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // The SDK looks for optional interceptors through the context class loader; inside a framework that loader is
        // whatever the calling thread had, so point it at this bundle, which holds the SDK.
        thread.setContextClassLoader(S3Clients.class.getClassLoader());
        try {
            // Connect and read timeouts are the socket's; the write timeout, which sockets lack, is the stall guard's.
            SdkHttpClient http = new StallGuardedHttpClient(Apache5HttpClient.builder()
                    .maxConnections(settings.concurrency() + EXTRA_CONNECTIONS)
                    .connectionTimeout(min(settings.timeout(), MAX_CONNECT_TIMEOUT))
                    .socketTimeout(settings.timeout())
                    .connectionAcquisitionTimeout(settings.timeout())
                    .build(), settings.stallTimeout(), "backup-s3-" + settings.clientName() + "-stall-guard",
                    new S3Failures("", settings).stallReason());
            try {
                S3ClientBuilder builder = S3Client.builder()
                        .httpClient(http)
                        .region(Region.of(settings.region()))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey().reveal())))
                        .forcePathStyle(settings.pathStyle())
                        // Bodies are sent plainly with their length: the aws-chunked framing costs a copy of every
                        // chunk and is slow to decode on some stores. Whether the body's SHA-256 is signed (plain
                        // http; the store checks it) or the body carries a Content-MD5 instead (https) is decided by
                        // BodyIntegrity, so that every body has exactly one checksum the store verifies.
                        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                        .authSchemeProvider(payloadSigning(
                                BodyIntegrity.forEndpoint(settings.endpoint()).signsPayload()))
                        .defaultsMode(DefaultsMode.LEGACY)
                        // The agent chooses the checksum of every body itself (BodyIntegrity). The SDK's newer
                        // default (CRC trailers in aws-chunked bodies) is refused by several S3-compatible stores.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .overrideConfiguration(o -> o
                                .retryStrategy(RetryMode.STANDARD)
                                // Calls without a body to send wait only for the answer: bounded per attempt and
                                // overall, whatever the socket does. Calls that move an archive override these
                                // (transferTimeouts) and are bounded by the stall guard and the read timeout.
                                .apiCallAttemptTimeout(attemptTimeout(settings))
                                .apiCallTimeout(callTimeout(settings))
                                .defaultProfileFile(emptyProfileFile())
                                .defaultProfileName("default"));
                settings.endpoint().ifPresent(builder::endpointOverride);
                return new Pair(builder.build(), http);
            } catch (RuntimeException e) {
                http.close();
                throw e;
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The timeouts of a call that moves an archive (a part, a small archive, a download): their time grows with the
     * archive and the link, so no fixed bound fits; they end when the store stops taking bytes (stall guard) or stops
     * answering (read timeout) instead.
     */
    public static void transferTimeouts(AwsRequestOverrideConfiguration.Builder override) {
        override.apiCallAttemptTimeout(TRANSFER_TIMEOUT).apiCallTimeout(TRANSFER_TIMEOUT);
    }

    /** @return the bound of one attempt of a call that only waits for an answer: twice the read timeout */
    public static Duration attemptTimeout(S3Connection settings) {
        return settings.timeout().multipliedBy(2);
    }

    /** @return the bound of a call with all its attempts (three, with back-off between them) */
    public static Duration callTimeout(S3Connection settings) {
        return attemptTimeout(settings).multipliedBy(3).plusSeconds(10);
    }

    private static S3AuthSchemeProvider payloadSigning(boolean enabled) {
        return params -> withPayloadSigning(params, enabled);
    }

    private static List<AuthSchemeOption> withPayloadSigning(S3AuthSchemeParams params, boolean enabled) {
        return DEFAULT_AUTH_SCHEMES.resolveAuthScheme(params).stream()
                .map(option -> option.toBuilder()
                        .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, enabled).build())
                .toList();
    }

    /** A profile file with no profiles, so that the SDK never reads {@code ~/.aws/config} for settings. */
    private static ProfileFile emptyProfileFile() {
        return ProfileFile.builder().content("").type(ProfileFile.Type.CONFIGURATION).build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
