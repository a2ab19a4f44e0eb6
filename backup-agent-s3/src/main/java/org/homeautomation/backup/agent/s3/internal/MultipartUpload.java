package org.homeautomation.backup.agent.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.homeautomation.backup.support.s3.BodyIntegrity;
import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.support.s3.TransferStalledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One multipart upload of one archive: the calling thread reads equal-size parts into buffers and hands each to a
 * sender thread; at most {@code concurrency} parts are in memory (being read or sent) at any time. Every part carries
 * a checksum the store verifies (see {@link BodyIntegrity}). On any failure (a part the store refuses, the source
 * failing, an interrupt) the parts still being sent are awaited and the upload is aborted, so the store keeps no
 * orphaned parts; if the store cannot be reached for the abort, {@link PendingAborts} remembers it.
 */
final class MultipartUpload {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final Optional<String> storageClass;
    private final BodyIntegrity integrity;
    private final long partSize;
    private final int concurrency;
    private final Duration drainTime;
    private final PendingAborts aborts;
    private final String threadName;
    private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
    private volatile PartBuffers buffers;

    /**
     * @param partSize the size of every part but the last; at least 5 MiB, as S3 requires
     * @param drainTime how long to wait for parts still being sent after a failure, before aborting
     */
    MultipartUpload(S3Client client, String bucket, String key, Optional<String> storageClass,
            BodyIntegrity integrity, long partSize, int concurrency, Duration drainTime, PendingAborts aborts,
            String agentId) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.storageClass = storageClass;
        this.integrity = integrity;
        this.partSize = partSize;
        this.concurrency = concurrency;
        this.drainTime = drainTime;
        this.aborts = aborts;
        this.threadName = "backup-s3-" + agentId + "-part-";
    }

    /**
     * Uploads the archive and completes the upload, or aborts it and throws.
     *
     * @param reader the archive
     * @param size its size; more than one part
     * @param counter receives the bytes of each part the store confirmed
     * @throws IOException when the source failed or the thread was interrupted
     * @throws software.amazon.awssdk.core.exception.SdkException when the store failed
     */
    void upload(ArchiveReader reader, long size, UploadCounter counter) throws IOException {
        long parts = (size + partSize - 1) / partSize;
        int senders = (int) Math.min(concurrency, parts);
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType(S3BackupAgent.ARCHIVE_CONTENT_TYPE);
        storageClass.ifPresent(create::storageClass);
        String uploadId = client.createMultipartUpload(create.build()).uploadId();
        LOG.debug("Multipart upload {} of {}: {} parts of {} bytes, {} at a time", uploadId, key, parts, partSize,
                senders);
        PartBuffers partBuffers = new PartBuffers(senders, Math.toIntExact(partSize));
        this.buffers = partBuffers;
        ExecutorService pool = Executors.newFixedThreadPool(senders, senderThreads());
        boolean completed = false;
        Throwable failure = null;
        try {
            List<Future<CompletedPart>> sent = new ArrayList<>();
            for (int number = 1; number <= parts; number++) {
                rethrowFirstFailure();
                byte[] buffer = takeBuffer(partBuffers);
                int length = (int) Math.min(partSize, size - (number - 1) * partSize);
                try {
                    reader.readFully(buffer, length);
                } catch (IOException | RuntimeException e) {
                    partBuffers.giveBack(buffer);
                    throw e;
                }
                int partNumber = number;
                sent.add(pool.submit(() -> send(uploadId, partNumber, buffer, length, partBuffers, counter)));
            }
            reader.expectEnd();
            List<CompletedPart> completedParts = new ArrayList<>(sent.size());
            for (Future<CompletedPart> part : sent) {
                completedParts.add(await(part));
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completedParts)));
            completed = true;
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (!completed && TransferStalledException.isCauseOf(failure)) {
                // The store stopped taking bytes: an abort now would only wait for it as well, and the failure is
                // to be reported within the stall timeout. Senders still blocked are ended by the stall guard.
                pool.shutdownNow();
                aborts.later(key, uploadId);
            } else if (!completed) {
                // Cleaning up must not be cut short by the interrupt that may have caused the failure: the SDK
                // refuses to start requests on an interrupted thread.
                boolean interrupted = Thread.interrupted();
                try {
                    stopSenders(pool);
                    aborts.abort(client, key, uploadId);
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            pool.shutdownNow();
            partBuffers.release();
        }
    }

    /** @return the buffers of the last upload, to check in tests how many were made */
    PartBuffers buffers() {
        return buffers;
    }

    private CompletedPart send(String uploadId, int partNumber, byte[] buffer, int length, PartBuffers partBuffers,
            UploadCounter counter) {
        try {
            String md5 = integrity.contentMd5(buffer, 0, length);
            // A content provider, not RequestBody.fromBytes: that copies the array, doubling the memory of a part.
            // Each retry of the SDK gets a fresh stream over the same bytes.
            UploadPartResponse response = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(partNumber).contentLength((long) length).contentMD5(md5)
                    .overrideConfiguration(S3Clients::transferTimeouts),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                            S3BackupAgent.ARCHIVE_CONTENT_TYPE));
            counter.stored(length);
            return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build();
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, e);
            throw e;
        } finally {
            partBuffers.giveBack(buffer);
        }
    }

    private byte[] takeBuffer(PartBuffers partBuffers) throws IOException {
        try {
            return partBuffers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a part to be sent");
        }
    }

    private CompletedPart await(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the parts to be sent");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("A part upload failed", e.getCause());
        }
    }

    private void rethrowFirstFailure() {
        RuntimeException failure = firstFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops sending; waits a while for requests already on the wire, so that the abort is not overtaken by them. */
    private void stopSenders(ExecutorService pool) {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(drainTime.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Multipart upload of {}: parts were still being sent {} s after the upload failed; aborting"
                        + " anyway", key, drainTime.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ThreadFactory senderThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, threadName + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
