package org.homeautomation.backup.webconsole.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs restores the page asked for on a thread of its own. {@link BackupManager#restore} waits until the restore is
 * done, which may take longer than a browser or the HTTP server keeps a request open; the page follows it through the
 * {@link ProgressTracker} instead, which gets the result or the failure from here.
 */
final class RestoreRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRunner.class);

    private final BackupManager manager;
    private final ProgressTracker tracker;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backup-webconsole-restore");
        t.setDaemon(true);
        return t;
    });

    RestoreRunner(BackupManager manager, ProgressTracker tracker) {
        this.manager = manager;
        this.tracker = tracker;
    }

    /**
     * Starts a restore and returns at once.
     *
     * @param backupId the backup to restore
     * @param name its name, to show
     * @param options the agent, contents and password
     * @param user who asked, for the log
     * @throws RejectedExecutionException when the page is being stopped
     */
    void start(String backupId, String name, RestoreOptions options, String user) {
        tracker.restoreStarted(backupId, name, options.agentId().orElse(null));
        executor.execute(() -> {
            try {
                RestoreResult result = manager.restore(backupId, options);
                LOG.info("Backup {} restored from agent {} as asked on the Web Console by '{}': {}", backupId,
                        result.agentId(), user, result.contents());
                tracker.restoreSucceeded(result);
            } catch (BackupException e) {
                LOG.warn("Restore of backup {} asked on the Web Console by '{}' failed: {}", backupId, user,
                        e.getMessage());
                tracker.restoreFailed(backupId, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Restore of backup {} asked on the Web Console failed unexpectedly", backupId, e);
                tracker.restoreFailed(backupId, "The restore failed unexpectedly (" + e.getClass().getSimpleName()
                        + "); see the log for details.");
            }
        });
    }

    /**
     * Takes no more restores. A running one is not interrupted: an interrupt could cut it off between its steps, and
     * it ends on its own.
     */
    @Override
    public void close() {
        executor.shutdown();
    }
}
