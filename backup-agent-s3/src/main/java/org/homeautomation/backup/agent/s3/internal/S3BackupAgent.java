package org.homeautomation.backup.agent.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.agent.s3.internal.ArchiveReader.SourceException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.MetadataSidecar;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.support.s3.BodyIntegrity;
import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.support.s3.S3Failures;
import org.homeautomation.backup.support.s3.TransferStalledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BackupAgent} that keeps backups in a bucket of AWS S3 or an S3-compatible store (see {@link BucketLayout}
 * for the keys). Works without OSGi; the bundle's component registers one per configured bucket.
 *
 * <ul>
 * <li>Archives up to the part size go up in one PUT; larger ones as a {@link MultipartUpload} of equal-size parts sent
 * in parallel. Memory is bounded by part size times concurrency per upload, whatever the archive's size. Every request
 * body carries one checksum the store verifies: its signed SHA-256 over http, a Content-MD5 over https (see
 * {@link BodyIntegrity}).</li>
 * <li>The metadata object is written only once the archive is complete, and a backup is listed and found only when its
 * metadata exists, so an unfinished or failed upload is never visible. A failed upload removes what it wrote (or, for
 * a multipart upload the store could not be told to abort, retries the abort later).</li>
 * <li>{@link #upload} refuses a backup id the agent already holds: delete it first.</li>
 * <li>{@link #delete} removes the metadata first, so the backup stops being listed at once, then the archive.</li>
 * <li>Listings page through the bucket (1000 keys a page), are kept for a short time and are invalidated by this
 * agent's own uploads and deletions. Metadata objects are fetched once and then reused while their ETag stays the
 * same.</li>
 * <li>Errors become {@link org.homeautomation.backup.api.AgentUnavailableException} when the store cannot be reached
 * or is overloaded, and {@link BackupAgentException} with advice otherwise (see {@link S3Failures}).</li>
 * </ul>
 * Thread-safe. {@link #close()} releases the HTTP connections.
 */
public final class S3BackupAgent implements BackupAgent, AutoCloseable {
    static final String ARCHIVE_CONTENT_TYPE = "application/x-tar";
    /** Without a charset parameter: some servers (Jetty under S3Proxy) rewrite it, which breaks the signature. */
    private static final String METADATA_CONTENT_TYPE = "application/json";
    /** Real metadata is a few hundred bytes; anything far larger is not ours and is not read into memory. */
    private static final Logger LOG = LoggerFactory.getLogger(S3BackupAgent.class);
    /** How often leftovers of uploads that never finished are looked for, besides at the start. */
    static final Duration CLEANUP_PERIOD = Duration.ofHours(1);
    /** How soon a cleanup that failed (the store was down, at the runtime's start for example) is tried again. */
    static final Duration CLEANUP_RETRY = Duration.ofMinutes(5);

    private final S3AgentSettings settings;
    private final S3Clients.Pair clients;
    private final S3Client s3;
    private final BucketLayout layout;
    private final S3Failures failures;
    private final PendingAborts pendingAborts;
    private final ListingCache listingCache;
    private final BodyIntegrity integrity;
    private final UploadsInProgress inProgress = new UploadsInProgress();
    private final LeftoverCleanup leftoverCleanup;
    private final ScheduledExecutorService cleanupThread;
    /** Metadata by key, with the ETag it had when read, so that a listing does not fetch unchanged objects again. */
    private final Map<String, CachedMetadata> metadataByKey = new ConcurrentHashMap<>();
    private final Set<String> warnedKeys = ConcurrentHashMap.newKeySet();
    /** The multipart upload of the last large archive, for tests that check its memory use. */
    private volatile MultipartUpload lastMultipartUpload;

    private record CachedMetadata(String eTag, Optional<BackupMetadata> metadata) {
    }

    /**
     * Creates the agent and its HTTP client. Does no network I/O: a store that is down shows when the agent is used.
     *
     * @param settings the checked settings
     */
    public S3BackupAgent(S3AgentSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clients = S3Clients.create(settings.connection());
        this.s3 = clients.s3();
        this.layout = new BucketLayout(settings.prefix());
        this.failures = new S3Failures("S3 agent '" + settings.id() + "': ", settings.connection());
        this.pendingAborts = new PendingAborts(settings.id(), settings.bucket());
        this.listingCache = new ListingCache(settings.listCacheTime(), System::nanoTime);
        this.integrity = BodyIntegrity.forEndpoint(settings.endpoint());
        this.leftoverCleanup = new LeftoverCleanup(s3, settings, layout, inProgress, Instant.now());
        // In the background: a store that is down must not delay the runtime's start.
        this.cleanupThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backup-s3-" + settings.id() + "-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        cleanupThread.execute(this::cleanUpLeftoversAndReschedule);
        LOG.info("S3 agent '{}' ({}) stores backups in {}", settings.id(), settings.name(), settings.location());
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** @return where the backups are: endpoint, bucket and prefix */
    public String location() {
        return settings.location();
    }

    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws BackupAgentException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(progress, "progress");
        String backupId = checkId(Objects.requireNonNull(metadata, "metadata").id());
        String archiveKey = layout.archiveKey(backupId);
        String metadataKey = layout.metadataKey(backupId);
        inProgress.begin(backupId);
        try {
            uploadInProgress(source, metadata, progress, backupId, archiveKey, metadataKey);
        } finally {
            inProgress.end(backupId);
        }
    }

    private void uploadInProgress(BackupSource source, BackupMetadata metadata, UploadProgress progress,
            String backupId, String archiveKey, String metadataKey) throws BackupAgentException {
        try {
            pendingAborts.retry(s3);
            // Checked first so that a refused upload does not send gigabytes; a second writer of the same id at the
            // same moment is not excluded (S3 has no portable "create only"), the later one wins.
            if (exists(metadataKey)) {
                throw new BackupAgentException(failures.prefix() + "already holds backup " + backupId + " in "
                        + settings.location() + "; delete it before storing it again");
            }
        } catch (SdkException e) {
            throw translate("could not store backup " + backupId, e);
        }
        boolean stored = false;
        boolean stalled = false;
        // What may exist in the bucket if the upload fails: cleaning up keys never written would only add noise.
        List<String> written = new ArrayList<>(2);
        try (ArchiveReader reader = ArchiveReader.open(source)) {
            long size = source.size();
            UploadCounter counter = new UploadCounter(progress);
            if (size <= settings.partSize()) {
                byte[] archive = new byte[(int) size];
                reader.readFully(archive, archive.length);
                reader.expectEnd();
                written.add(archiveKey);
                putArchive(archive, archiveKey, counter);
            } else {
                // Parts are invisible until completed; a completion whose answer was lost may have made the object.
                written.add(archiveKey);
                MultipartUpload multipart = new MultipartUpload(s3, settings.bucket(), archiveKey,
                        settings.storageClass(), integrity, partSizeFor(size, backupId), settings.concurrency(),
                        settings.timeout().plusSeconds(5), pendingAborts, settings.id());
                lastMultipartUpload = multipart;
                multipart.upload(reader, size, counter);
            }
            byte[] json = metadata.toJson().getBytes(StandardCharsets.UTF_8);
            written.add(0, metadataKey);
            s3.putObject(PutObjectRequest.builder().bucket(settings.bucket()).key(metadataKey)
                    .contentType(METADATA_CONTENT_TYPE).contentMD5(integrity.contentMd5(json, 0, json.length)).build(),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(json), json.length,
                            METADATA_CONTENT_TYPE));
            stored = true;
            LOG.info("S3 agent '{}': stored backup {} in {} ({} bytes)", settings.id(), backupId, settings.location(),
                    size);
        } catch (SdkException | TransferStalledException e) {
            stalled = TransferStalledException.isCauseOf(e);
            throw stalled ? failures.stalled("could not store backup " + backupId, e)
                    : translate("could not store backup " + backupId, (SdkException) e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof InterruptedIOException) {
                throw new BackupAgentException(failures.prefix() + "the upload of backup " + backupId
                        + " was interrupted; nothing was stored", e);
            }
            String reason = e instanceof SourceException ? e.getMessage() : "the archive could not be read: " + e;
            throw new BackupAgentException(failures.prefix() + "could not store backup " + backupId + ": " + reason
                    + "; nothing was stored", e);
        } finally {
            listingCache.invalidate();
            if (stalled) {
                // Removing now would wait for the stalled store as well; nothing is listed without its metadata
                // object, and the leftover cleanup removes what is left once the store answers again.
                LOG.info("S3 agent '{}': what the stalled upload of backup {} may have left in bucket '{}' is removed"
                        + " by the next cleanup of leftovers", settings.id(), backupId, settings.bucket());
            } else if (!stored) {
                removeQuietly(backupId, written);
            }
        }
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        checkId(backupId);
        try {
            if (!exists(layout.metadataKey(backupId))) {
                throw notFound(backupId);
            }
            return new AbortingStream(s3.getObject(b -> b.bucket(settings.bucket()).key(layout.archiveKey(backupId))
                    .overrideConfiguration(S3Clients::transferTimeouts)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && !isMissingBucket(e)) {
                // The archive is gone although its metadata was there: deleted since.
                throw notFound(backupId);
            }
            throw translate("could not open backup " + backupId, e);
        } catch (SdkException e) {
            throw translate("could not open backup " + backupId, e);
        }
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        checkId(backupId);
        String metadataKey = layout.metadataKey(backupId);
        try {
            if (!exists(metadataKey)) {
                throw notFound(backupId);
            }
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(metadataKey));
        } catch (SdkException e) {
            throw translate("could not delete backup " + backupId, e);
        } finally {
            listingCache.invalidate();
            metadataByKey.remove(metadataKey);
        }
        // The backup is gone from the list now; what follows only frees space.
        String archiveKey = layout.archiveKey(backupId);
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(archiveKey));
        } catch (SdkException e) {
            LOG.warn("S3 agent '{}': deleted backup {} but could not remove its archive {} in bucket '{}': {}; delete"
                    + " that object to free its space", settings.id(), backupId, archiveKey, settings.bucket(),
                    translate("could not delete the archive", e).getMessage());
            return;
        }
        LOG.info("S3 agent '{}': deleted backup {}", settings.id(), backupId);
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        Optional<List<BackupMetadata>> cached = listingCache.fresh();
        if (cached.isPresent()) {
            return cached.get();
        }
        long token = listingCache.startListing();
        try {
            pendingAborts.retry(s3);
            Map<String, S3Object> metadataObjects = new HashMap<>();
            Set<String> archiveIds = new HashSet<>();
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket())
                    .prefix(layout.keyPrefix()).delimiter("/").build();
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    layout.metadataId(object.key()).ifPresent(id -> metadataObjects.put(id, object));
                    layout.archiveId(object.key()).ifPresent(archiveIds::add);
                }
            }
            List<BackupMetadata> listing = new ArrayList<>();
            Set<String> seenKeys = new HashSet<>();
            for (Map.Entry<String, S3Object> e : metadataObjects.entrySet()) {
                if (!archiveIds.contains(e.getKey())) {
                    LOG.debug("S3 agent '{}': not listing backup {}: its archive is missing", settings.id(),
                            e.getKey());
                    continue;
                }
                seenKeys.add(e.getValue().key());
                metadataOf(e.getKey(), e.getValue()).ifPresent(listing::add);
            }
            metadataByKey.keySet().retainAll(seenKeys);
            listingCache.store(token, listing);
            return List.copyOf(listing);
        } catch (SdkException e) {
            throw translate("could not list the backups in " + settings.location(), e);
        }
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        checkId(backupId);
        try {
            return readMetadata(backupId, layout.metadataKey(backupId)).orElseThrow(() -> notFound(backupId));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && !isMissingBucket(e)) {
                throw notFound(backupId);
            }
            throw translate("could not read backup " + backupId, e);
        } catch (SdkException e) {
            throw translate("could not read backup " + backupId, e);
        }
    }

    /** Releases the HTTP connections. Calls still running fail. */
    @Override
    public void close() {
        cleanupThread.shutdownNow();
        clients.close();
    }

    /**
     * Aborts this agent's stale multipart uploads and removes archive or metadata objects of backups that never
     * completed (see {@link LeftoverCleanup}); runs at start and every {@link #CLEANUP_PERIOD}.
     *
     * @return how many uploads were aborted and objects removed
     * @throws BackupAgentException when the store cannot be reached or refuses
     */
    int cleanUpLeftovers() throws BackupAgentException {
        try {
            return leftoverCleanup.run();
        } catch (SdkException e) {
            throw translate("could not clean up leftovers of unfinished uploads in " + settings.location(), e);
        }
    }

    /** Runs the cleanup, then again after the period, or sooner when the store could not be cleaned up now. */
    private void cleanUpLeftoversAndReschedule() {
        Duration next = CLEANUP_PERIOD;
        try {
            cleanUpLeftovers();
        } catch (BackupAgentException | RuntimeException e) {
            next = CLEANUP_RETRY;
            LOG.warn("{}; it is tried again in {} min", e.getMessage(), next.toMinutes());
        }
        try {
            cleanupThread.schedule(this::cleanUpLeftoversAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // The agent was closed meanwhile.
        }
    }

    /** @return the multipart upload of the last archive above the part size, or null; for tests */
    MultipartUpload lastMultipartUpload() {
        return lastMultipartUpload;
    }

    /** @return the backups being uploaded; for tests */
    UploadsInProgress uploadsInProgress() {
        return inProgress;
    }

    /** @return the multipart uploads that could not be aborted yet; for tests */
    List<PendingAborts.Upload> pendingAborts() {
        return pendingAborts.pending();
    }

    private void putArchive(byte[] archive, String key, UploadCounter counter) {
        int size = archive.length;
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                .contentType(ARCHIVE_CONTENT_TYPE).contentLength((long) size)
                .contentMD5(integrity.contentMd5(archive, 0, size)).overrideConfiguration(S3Clients::transferTimeouts);
        settings.storageClass().ifPresent(put::storageClass);
        s3.putObject(put.build(), RequestBody.fromContentProvider(() -> new ByteArrayInputStream(archive), size,
                ARCHIVE_CONTENT_TYPE));
        counter.stored(size);
    }

    /** S3 allows 10,000 parts; archives beyond that many configured parts get larger (still equal) parts. */
    private long partSizeFor(long size, String backupId) {
        long partSize = settings.partSize();
        long maxParts = 10_000;
        if (size <= partSize * maxParts) {
            return partSize;
        }
        long needed = (size + maxParts - 1) / maxParts;
        long rounded = (needed + S3AgentSettings.MIB - 1) / S3AgentSettings.MIB * S3AgentSettings.MIB;
        LOG.info("S3 agent '{}': backup {} has {} bytes, more than 10000 parts of {} bytes; sending parts of {} bytes",
                settings.id(), backupId, size, partSize, rounded);
        return rounded;
    }

    private Optional<BackupMetadata> metadataOf(String backupId, S3Object object) {
        CachedMetadata cached = metadataByKey.get(object.key());
        if (cached != null && cached.eTag().equals(object.eTag())) {
            return cached.metadata();
        }
        try {
            return readMetadata(backupId, object.key());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                // Deleted since it was listed.
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * @return the metadata when the object holds metadata of this backup; empty when it holds something else
     * @throws AwsServiceException with status 404 when there is no such object
     */
    private Optional<BackupMetadata> readMetadata(String backupId, String key) {
        byte[] bytes;
        String eTag;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(settings.bucket()).key(key))) {
            eTag = in.response().eTag();
            bytes = in.readNBytes(MetadataSidecar.MAX_BYTES + 1);
            if (bytes.length > MetadataSidecar.MAX_BYTES) {
                in.abort();
            }
        } catch (IOException e) {
            throw SdkException.builder().message("reading " + key + " failed: " + e.getMessage()).cause(e).build();
        }
        Optional<BackupMetadata> metadata = MetadataSidecar.parse(bytes, backupId, why -> ignore(key, why));
        if (eTag != null) {
            metadataByKey.put(key, new CachedMetadata(eTag, metadata));
        }
        return metadata;
    }

    private void ignore(String key, String why) {
        if (warnedKeys.add(key)) {
            LOG.warn("S3 agent '{}': ignoring object {} in bucket '{}': {}", settings.id(), key, settings.bucket(),
                    why);
        }
    }

    /** @throws AwsServiceException for anything but "no such key", also a missing bucket */
    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && !isMissingBucket(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A HEAD of a key in a missing bucket is a 404 without an error code (HEAD responses have no body); tell the two
     * apart by asking for the bucket, so that a missing bucket is not taken for a missing backup.
     */
    private boolean isMissingBucket(AwsServiceException e) {
        if (e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
            return true;
        }
        if (e.awsErrorDetails() != null && "NoSuchKey".equals(e.awsErrorDetails().errorCode())) {
            return false;
        }
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
            return false;
        } catch (AwsServiceException bucketError) {
            return bucketError.statusCode() == 404;
        }
    }

    /**
     * Translates an SDK failure. Responses to HEAD requests carry no error code (they have no body), so a 403 could
     * be wrong credentials or missing permissions; a listing request, which does get a coded answer, tells which.
     */
    private BackupAgentException translate(String what, SdkException e) {
        if (e instanceof AwsServiceException service && service.statusCode() == 403 && !hasErrorCode(service)) {
            try {
                s3.listObjectsV2(b -> b.bucket(settings.bucket()).prefix(layout.keyPrefix()).maxKeys(1));
            } catch (AwsServiceException coded) {
                if (hasErrorCode(coded)) {
                    coded.addSuppressed(e);
                    return failures.translate(what, coded);
                }
            } catch (SdkException ignored) {
                // No better explanation to be had; report the original failure.
            }
        }
        return failures.translate(what, e);
    }

    private static boolean hasErrorCode(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                && !e.awsErrorDetails().errorCode().isEmpty();
    }

    /** Removes what a failed upload may have written. Never throws: the upload's own failure is what matters. */
    private void removeQuietly(String backupId, List<String> keys) {
        boolean interrupted = Thread.interrupted();
        try {
            for (String key : keys) {
                try {
                    s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
                } catch (SdkException e) {
                    LOG.warn("S3 agent '{}': could not make sure that {} in bucket '{}' is gone after the upload of"
                            + " backup {} failed ({}); if it is there, it is not listed as a backup; delete it to free"
                            + " its space", settings.id(), key,
                            settings.bucket(), backupId, e.getClass().getSimpleName());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String checkId(String backupId) throws BackupAgentException {
        try {
            return Identifiers.requireValidBackupId(backupId);
        } catch (IllegalArgumentException e) {
            throw new BackupAgentException(failures.prefix() + e.getMessage());
        }
    }

    private BackupNotFoundException notFound(String backupId) {
        return new BackupNotFoundException(backupId, failures.prefix() + "holds no backup " + backupId + " in "
                + settings.location());
    }

    /**
     * The download stream. Closing the SDK's stream before its end would read the rest of the object to reuse the
     * connection, which for a large archive means downloading it all; aborting drops the connection instead.
     */
    private static final class AbortingStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        AbortingStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b == -1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n == -1;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }
}
