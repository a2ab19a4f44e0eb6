package org.homeautomation.backup.agent.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;

/**
 * One upload running on a thread of its own, so that a test can act while it runs and interrupt it as the manager
 * would. A fresh thread per upload: an interrupt must not leak into a pooled thread.
 */
final class BackgroundUpload {
    private final String backupId;
    private final Thread thread;
    private final CompletableFuture<Optional<Throwable>> outcome = new CompletableFuture<>();

    private BackgroundUpload(BackupAgent agent, BackupSource source, BackupMetadata metadata,
            UploadProgress progress) {
        this.backupId = metadata.id();
        this.thread = new Thread(() -> {
            try {
                agent.upload(source, metadata, progress);
                outcome.complete(Optional.empty());
            } catch (Throwable t) {
                outcome.complete(Optional.of(t));
            }
        }, "contract-test-upload-" + backupId);
        // A hung agent must not keep the test JVM alive.
        thread.setDaemon(true);
    }

    static BackgroundUpload start(BackupAgent agent, BackupSource source, BackupMetadata metadata,
            UploadProgress progress) {
        BackgroundUpload upload = new BackgroundUpload(agent, source, metadata, progress);
        upload.thread.start();
        return upload;
    }

    void interrupt() {
        thread.interrupt();
    }

    /** @return what upload() threw, or empty when it returned normally */
    Optional<Throwable> awaitOutcome(Duration timeout) throws InterruptedException {
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return fail("upload() of backup '" + backupId + "' did not return within " + timeout);
        } catch (ExecutionException e) {
            // The future is only ever completed normally.
            throw new IllegalStateException(e);
        }
    }
}
