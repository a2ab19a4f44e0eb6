package org.homeautomation.backup.agent.s3.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The backups this agent is uploading right now, with when each began, so that the {@link LeftoverCleanup} never
 * touches what an upload of this runtime is writing. Removing an object happens under the same lock as starting an
 * upload, so an upload cannot begin between the check and the removal and lose its archive.
 */
final class UploadsInProgress {
    private final Map<String, Instant> started = new HashMap<>();

    /** Marks the backup as being uploaded; waits while a removal of a leftover is under way. */
    synchronized void begin(String backupId) {
        started.put(backupId, Instant.now());
    }

    synchronized void end(String backupId) {
        started.remove(backupId);
    }

    synchronized boolean contains(String backupId) {
        return started.containsKey(backupId);
    }

    /** @return when the oldest upload in progress began */
    synchronized Optional<Instant> oldestStart() {
        return started.values().stream().min(Instant::compareTo);
    }

    /**
     * Runs the removal of a leftover of the backup unless it is being uploaded or the object is not older than every
     * upload in progress.
     *
     * @return whether it ran
     */
    synchronized boolean unlessInProgress(String backupId, Instant objectTime, Runnable removal) {
        // S3 times have whole seconds: an object of the second an upload began, or the one before, may be younger.
        if (started.containsKey(backupId) || started.values().stream()
                .anyMatch(start -> !objectTime.isBefore(start.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1)))) {
            return false;
        }
        removal.run();
        return true;
    }
}
