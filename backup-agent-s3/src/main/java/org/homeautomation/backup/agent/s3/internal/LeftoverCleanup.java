package org.homeautomation.backup.agent.s3.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes what uploads that never finished left in the bucket: a runtime killed during an upload, or a store killed
 * or frozen during one, leaves an incomplete multipart upload (whose abort, if it was pending, died with the runtime)
 * or an archive without its metadata object (or the reverse). None of them is ever listed, but they cost storage for
 * ever. Run when the agent starts and then periodically.
 *
 * <p>Only this agent's own keys are touched ({@link BucketLayout}: {@code <prefix>/<id>.tar} and {@code .json}
 * directly under its prefix), never a backup being uploaded in this runtime ({@link UploadsInProgress}), and only
 * what is older than this agent's start or than {@link #STALE_AFTER}, so that an upload of another runtime that has
 * just begun is not cut off.
 */
final class LeftoverCleanup {
    /** Leftovers younger than this and younger than the agent are left alone. */
    static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverCleanup.class);

    private final S3Client s3;
    private final S3AgentSettings settings;
    private final BucketLayout layout;
    private final UploadsInProgress inProgress;
    /**
     * When the agent started, a second early: S3 times have whole seconds, and an object written in the second the
     * agent started may belong to it.
     */
    private final Instant agentStarted;
    /** The uploads the last run listed; null before the first run. */
    private Set<String> uploadsSeenBefore;

    LeftoverCleanup(S3Client s3, S3AgentSettings settings, BucketLayout layout, UploadsInProgress inProgress,
            Instant agentStarted) {
        this.s3 = s3;
        this.settings = settings;
        this.layout = layout;
        this.inProgress = inProgress;
        this.agentStarted = agentStarted.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    }

    /**
     * Aborts stale multipart uploads and removes stale lone archive and metadata objects.
     *
     * @return how many uploads were aborted and objects removed
     * @throws software.amazon.awssdk.core.exception.SdkException when the store cannot be listed or refuses
     */
    synchronized int run() {
        return abortStaleUploads() + removeLoneObjects();
    }

    private int abortStaleUploads() {
        int aborted = 0;
        Instant listingStarted = Instant.now();
        Set<String> seen = new HashSet<>();
        for (ListMultipartUploadsResponse page : s3.listMultipartUploadsPaginator(
                b -> b.bucket(settings.bucket()).prefix(layout.keyPrefix()))) {
            for (MultipartUpload upload : page.uploads()) {
                Optional<String> id = layout.archiveId(upload.key());
                if (id.isEmpty()) {
                    continue;
                }
                seen.add(upload.uploadId());
                if (inProgress.contains(id.get()) || !isStale(upload, listingStarted)) {
                    continue;
                }
                try {
                    s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(upload.key())
                            .uploadId(upload.uploadId()));
                } catch (AwsServiceException e) {
                    if (e.statusCode() >= 500 || e.statusCode() == 403) {
                        throw e;
                    }
                    if (e.statusCode() != 404) {
                        // One upload the store cannot abort must not keep the others and the lone objects.
                        LOG.warn("S3 agent '{}': the store refused to abort the incomplete multipart upload {} of {} in"
                                + " bucket '{}' (HTTP {}); remove it with the store's own tools", settings.id(),
                                upload.uploadId(), upload.key(), settings.bucket(), e.statusCode());
                        continue;
                    }
                }
                aborted++;
                LOG.info("S3 agent '{}': aborted the incomplete multipart upload {} of {} in bucket '{}' (begun {}),"
                        + " left by an upload that never finished", settings.id(), upload.uploadId(), upload.key(),
                        settings.bucket(), upload.initiated());
            }
        }
        uploadsSeenBefore = seen;
        return aborted;
    }

    /**
     * Some stores (S3Proxy among them) do not keep when an upload began and answer with the time of the listing. For
     * them an upload is stale when the first run, at the agent's start, or an earlier run already saw it.
     */
    private boolean isStale(MultipartUpload upload, Instant listingStarted) {
        Instant initiated = upload.initiated();
        if (initiated != null && initiated.isBefore(listingStarted.minusSeconds(1))) {
            return isStale(initiated);
        }
        return uploadsSeenBefore == null || uploadsSeenBefore.contains(upload.uploadId());
    }

    private int removeLoneObjects() {
        Map<String, S3Object> archives = new HashMap<>();
        Map<String, S3Object> metadata = new HashMap<>();
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                b -> b.bucket(settings.bucket()).prefix(layout.keyPrefix()).delimiter("/"))) {
            for (S3Object object : page.contents()) {
                layout.archiveId(object.key()).ifPresent(id -> archives.put(id, object));
                layout.metadataId(object.key()).ifPresent(id -> metadata.put(id, object));
            }
        }
        int removed = 0;
        for (Map.Entry<String, S3Object> archive : archives.entrySet()) {
            if (!metadata.containsKey(archive.getKey())
                    && removeIfStale(archive.getKey(), archive.getValue(), "an archive without its metadata object")) {
                removed++;
            }
        }
        for (Map.Entry<String, S3Object> sidecar : metadata.entrySet()) {
            if (!archives.containsKey(sidecar.getKey())
                    && removeIfStale(sidecar.getKey(), sidecar.getValue(), "a metadata object without its archive")) {
                removed++;
            }
        }
        return removed;
    }

    private boolean removeIfStale(String backupId, S3Object object, String what) {
        if (object.lastModified() == null || !isStale(object.lastModified())) {
            return false;
        }
        boolean removed = inProgress.unlessInProgress(backupId, object.lastModified(),
                () -> s3.deleteObject(b -> b.bucket(settings.bucket()).key(object.key())));
        if (removed) {
            LOG.info("S3 agent '{}': removed {} in bucket '{}', {} of backup {}, which never completed",
                    settings.id(), object.key(), settings.bucket(), what, backupId);
        }
        return removed;
    }

    private boolean isStale(Instant time) {
        return time.isBefore(agentStarted) || time.isBefore(Instant.now().minus(STALE_AFTER));
    }
}
