package org.homeautomation.backup.support.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;

import javax.net.ssl.SSLException;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgentException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into the agent exceptions of the API, with messages that say what failed, where, and what
 * a person can do. Messages name the agent, the store and the bucket, never the secret key (the SDK's own messages do
 * not contain it either: requests are signed, the key is never sent).
 */
public final class S3Failures {
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "AuthorizationHeaderMalformed",
            "InvalidSecurity");
    private static final Set<String> BUSY_ERRORS = Set.of("SlowDown", "ServiceUnavailable", "InternalError",
            "RequestTimeout", "RequestTimeTooSkewed");

    /**
     * How an agent's configuration names the store's endpoint and bucket, for the advice of the messages.
     *
     * @param endpoint the endpoint's setting, such as {@code 'endpoint'}
     * @param bucket the bucket's setting, such as {@code 'bucket'}
     */
    public record SettingNames(String endpoint, String bucket) {
        /** The S3 agent's: keys of their own. */
        public static final SettingNames OWN_KEYS = new SettingNames("'endpoint'", "'bucket'");
    }

    private final String prefix;
    private final S3Connection settings;
    private final SettingNames names;

    /**
     * @param prefix the beginning of every message, naming the agent, such as "S3 agent 's3': "
     * @param settings the store, bucket and prefix the agent uses
     */
    public S3Failures(String prefix, S3Connection settings) {
        this(prefix, settings, SettingNames.OWN_KEYS);
    }

    /**
     * @param prefix the beginning of every message, naming the agent, such as "S3 agent 's3': "
     * @param settings the store, bucket and prefix the agent uses
     * @param names how the agent's configuration names the endpoint and the bucket
     */
    public S3Failures(String prefix, S3Connection settings, SettingNames names) {
        this.prefix = prefix;
        this.settings = settings;
        this.names = names;
    }

    /** @return the beginning of every message of this agent */
    public String prefix() {
        return prefix;
    }

    /**
     * @param what what was attempted, on which backup, such as "could not store backup b1"
     * @param e what the SDK threw
     * @return the exception to throw
     */
    public BackupAgentException translate(String what, SdkException e) {
        if (e instanceof AwsServiceException service) {
            return fromService(what, service);
        }
        if (TransferStalledException.isCauseOf(e)) {
            return stalled(what, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new AgentUnavailableException(prefix() + what + ": " + settings.location() + " did not answer in"
                    + " time; check the network and the store, then try again", e);
        }
        Throwable timeout = find(e, SocketTimeoutException.class, "ConnectTimeoutException");
        if (timeout != null) {
            return new AgentUnavailableException(prefix() + what + ": " + endpointName() + " did not answer within "
                    + settings.timeout().toSeconds() + " s (" + timeout.getClass().getSimpleName() + "); check that"
                    + " the store is running and reachable, or raise 'timeoutSeconds'", e);
        }
        if (e instanceof AbortedException || find(e, InterruptedIOException.class, null) != null
                || Thread.currentThread().isInterrupted()) {
            return new BackupAgentException(prefix() + what + ": the operation was interrupted", e);
        }
        Throwable unknownHost = find(e, UnknownHostException.class, null);
        if (unknownHost != null) {
            return new AgentUnavailableException(prefix() + what + ": the host name of " + endpointName()
                    + " cannot be resolved; check " + names.endpoint() + " (and " + names.bucket()
                    + " for virtual-host-style access; try"
                    + " 'pathStyle' for self-hosted stores) and the DNS", e);
        }
        Throwable tls = find(e, SSLException.class, null);
        if (tls != null) {
            return new BackupAgentException(prefix() + what + ": the TLS connection to " + endpointName()
                    + " failed (" + tls.getMessage() + "); check that " + names.endpoint() + " uses the right scheme"
                    + " and that the runtime's Java trusts the store's certificate", e);
        }
        if (find(e, ConnectException.class, null) != null || find(e, NoRouteToHostException.class, null) != null
                || find(e, IOException.class, null) != null) {
            return new AgentUnavailableException(prefix() + what + ": cannot reach " + endpointName() + " ("
                    + rootMessage(e) + "); check that the store is running and that " + names.endpoint()
                    + " is right", e);
        }
        return new BackupAgentException(prefix() + what + ": " + e.getMessage(), e);
    }

    /** @return the failure of a call whose upload the store stopped taking (see {@link TransferStalledException}) */
    public AgentUnavailableException stalled(String what, Throwable e) {
        return new AgentUnavailableException(prefix() + what + ": " + stallReason(), e);
    }

    private BackupAgentException fromService(String what, AwsServiceException e) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        String bucket = "bucket '" + settings.bucket() + "'";
        if (CREDENTIAL_ERRORS.contains(code)) {
            return new BackupAgentException(prefix() + what + ": " + endpointName() + " rejected the credentials ("
                    + code + "); check 'accessKey' and the secret key (and the clock of this machine)", e);
        }
        if ("NoSuchBucket".equals(code)) {
            return new BackupAgentException(prefix() + what + ": " + bucket + " does not exist at " + endpointName()
                    + "; create it, or correct " + names.bucket() + " (and 'region')", e);
        }
        if (status == 403 || "AccessDenied".equals(code)) {
            return new BackupAgentException(prefix() + what + ": access to " + bucket + " was denied (" + describe(code,
                    status) + "); allow these credentials to list the bucket and to get, put and delete objects under"
                    + " " + (settings.prefix().isEmpty() ? "it" : "'" + settings.prefix() + "/'"), e);
        }
        if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
            String region = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? null
                    : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null);
            return new BackupAgentException(prefix() + what + ": " + bucket + " is not in region '"
                    + settings.region() + "'" + (region == null ? "" : ", it is in '" + region + "'")
                    + "; correct 'region'", e);
        }
        if (status >= 500 || BUSY_ERRORS.contains(code)) {
            return new AgentUnavailableException(prefix() + what + ": " + endpointName() + " is unavailable ("
                    + describe(code, status) + "); try again later", e);
        }
        return new BackupAgentException(prefix() + what + ": " + endpointName() + " refused the request ("
                + describe(code, status) + (e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                        ? "" : ": " + e.awsErrorDetails().errorMessage())
                + ")", e);
    }

    /** @return why an upload stalled and what to check; the message of a {@link TransferStalledException} */
    public String stallReason() {
        return endpointName() + " took no data of the upload for " + settings.stallTimeout().toSeconds() + " s"
                + " ('stallTimeoutSeconds'), so the upload was given up; check that the store is running and"
                + " answering (not paused, not out of disk or memory) and that the network to it works, or raise"
                + " 'stallTimeoutSeconds' for a very slow link";
    }

    private String endpointName() {
        return settings.storeName();
    }

    private static String describe(String code, int status) {
        return code.isEmpty() ? "HTTP " + status : code + ", HTTP " + status;
    }

    /** @return the first cause of the given type, or whose simple class name is {@code simpleName} */
    private static Throwable find(Throwable t, Class<? extends Throwable> type, String simpleName) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c) || c.getClass().getSimpleName().equals(simpleName)) {
                return c;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
