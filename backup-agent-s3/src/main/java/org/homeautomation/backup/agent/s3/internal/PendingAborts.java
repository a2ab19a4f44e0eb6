package org.homeautomation.backup.agent.s3.internal;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Multipart uploads that failed and could not be aborted at once, usually because the store went away: their parts
 * would cost storage for ever (until a lifecycle rule removes them). The agent tries again before its next upload and
 * listing, so they are cleaned up as soon as the store is back, and logs what it could not clean.
 */
final class PendingAborts {
    private static final Logger LOG = LoggerFactory.getLogger(PendingAborts.class);

    record Upload(String key, String uploadId) {
    }

    private final String agentId;
    private final String bucket;
    private final Queue<Upload> pending = new ConcurrentLinkedQueue<>();

    PendingAborts(String agentId, String bucket) {
        this.agentId = agentId;
        this.bucket = bucket;
    }

    /**
     * Aborts an incomplete multipart upload, or remembers it for later when the store cannot be reached.
     *
     * @return whether the upload is aborted now
     */
    boolean abort(S3Client client, String key, String uploadId) {
        try {
            abortNow(client, key, uploadId);
            return true;
        } catch (SdkException e) {
            pending.add(new Upload(key, uploadId));
            LOG.warn("S3 agent '{}': could not abort the incomplete multipart upload {} of {} in bucket '{}' ({}); it"
                    + " is retried before the next upload or listing. To remove it by hand: aws s3api"
                    + " abort-multipart-upload --bucket {} --key {} --upload-id {}", agentId, uploadId, key, bucket,
                    e.getClass().getSimpleName(), bucket, key, uploadId);
            return false;
        }
    }

    /** Remembers an upload to abort before the next upload or listing, without trying now. */
    void later(String key, String uploadId) {
        pending.add(new Upload(key, uploadId));
        LOG.warn("S3 agent '{}': the incomplete multipart upload {} of {} in bucket '{}' is aborted before the next"
                + " upload or listing. To remove it by hand: aws s3api abort-multipart-upload --bucket {} --key {}"
                + " --upload-id {}", agentId, uploadId, key, bucket, bucket, key, uploadId);
    }

    /** Retries the aborts that failed before; stops at the first that fails again (the store is still away). */
    void retry(S3Client client) {
        Upload upload;
        while ((upload = pending.peek()) != null) {
            try {
                abortNow(client, upload.key(), upload.uploadId());
            } catch (SdkException e) {
                LOG.debug("S3 agent '{}': the incomplete multipart upload {} still cannot be aborted", agentId,
                        upload.uploadId(), e);
                return;
            }
            pending.remove(upload);
            LOG.info("S3 agent '{}': aborted the incomplete multipart upload {} of {} left by a failed upload", agentId,
                    upload.uploadId(), upload.key());
        }
    }

    /** @return the uploads still to abort */
    List<Upload> pending() {
        return List.copyOf(pending);
    }

    private void abortNow(S3Client client, String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            // NoSuchUpload: already gone, which is what was wanted.
        }
    }
}
