package org.homeautomation.backup.agent.local.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backups being uploaded into one folder by any agent of this runtime. Two agents may share a folder (the default
 * agent and a configured one, or an agent and its successor after a configuration change while the old one still
 * uploads), so the record is per folder, not per agent: crash cleanup must never take the files of an upload that
 * is still running, and an upload's archive is briefly without its sidecar while it is published.
 *
 * <p>Another runtime writing into the same folder at the same time is not seen here; a folder belongs to one runtime.
 * Thread-safe.
 */
final class UploadsInProgress {
    private static final Map<Path, UploadsInProgress> FOLDERS = new ConcurrentHashMap<>();

    /** Backup id to the number of uploads of it running now. Guarded by {@code this}. */
    private final Map<String, Integer> running = new HashMap<>();

    private UploadsInProgress() {
    }

    /** @param folder an absolute, normalized folder */
    static UploadsInProgress in(Path folder) {
        return FOLDERS.computeIfAbsent(folder, f -> new UploadsInProgress());
    }

    /**
     * Records an upload until the returned claim is closed. Call before the upload writes its first file.
     *
     * @param backupId the backup being uploaded
     */
    synchronized Claim start(String backupId) {
        running.merge(backupId, 1, Integer::sum);
        return () -> finish(backupId);
    }

    /**
     * Runs {@code action} unless an upload of {@code backupId} is running, and keeps uploads of it from starting
     * meanwhile, so that the files the action inspects cannot become those of a new upload under it.
     *
     * @return whether the action ran
     */
    synchronized <E extends Exception> boolean unlessRunning(String backupId, Action<E> action) throws E {
        if (running.containsKey(backupId)) {
            return false;
        }
        action.run();
        return true;
    }

    private synchronized void finish(String backupId) {
        running.computeIfPresent(backupId, (id, count) -> count == 1 ? null : count - 1);
    }

    /** An upload's record; closing it ends the record. */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    /** What {@link #unlessRunning} runs. */
    interface Action<E extends Exception> {
        void run() throws E;
    }
}
