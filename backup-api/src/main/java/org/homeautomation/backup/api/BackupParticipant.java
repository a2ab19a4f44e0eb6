package org.homeautomation.backup.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook around each backup: a bundle registers this service to bring its state to rest before the archive is written
 * (pause writes, flush caches) and to dump data that should go into the backup (a database export, a state snapshot).
 *
 * <p>For each backup the manager calls {@link #preBackup(BackupContext)} on every participant in descending
 * {@code service.ranking} order (ties by ascending {@code service.id}), then writes the archive, then calls
 * {@link #postBackup(BackupContext, BackupOutcome)} on every participant whose {@code preBackup} was called, in
 * reverse order, also when the backup failed. Both run under a timeout (five minutes by default); a participant that
 * throws or does not return in time fails the backup with a message that names it.
 *
 * <p>Whatever a participant writes into {@link BackupContext#stagingDirectory()} during {@code preBackup} is put into
 * the archive as the content named by {@link #id()}. A participant that writes nothing there (one that only pauses
 * writes) adds no content: the archive and the backup's {@link BackupMetadata#contents()} do not name it.
 */
@ConsumerType
public interface BackupParticipant {

    /**
     * The participant's id, valid by {@link Identifiers#isValidAgentId(String)}: the name of its content in the
     * archive. Stable across restarts; unique among participants and configured source folders.
     *
     * @return the id
     */
    String id();

    /**
     * Prepares for a backup. May block, within the timeout.
     *
     * @param context the backup about to be made and this participant's staging directory
     * @throws Exception when the participant cannot prepare; the backup then fails with this message
     */
    void preBackup(BackupContext context) throws Exception;

    /**
     * Ends what {@link #preBackup(BackupContext)} began (resume writes). Called after the archive is written or
     * failed, and before it is uploaded to agents.
     *
     * @param context the same context as given to {@code preBackup}
     * @param outcome whether the archive was written
     * @throws Exception when the participant fails; the backup is then reported as failed with this message
     */
    void postBackup(BackupContext context, BackupOutcome outcome) throws Exception;

    /**
     * Prepares for a restore: bring the state that the restore replaces to rest (stop writes, close files). Called
     * after the archive is verified and unpacked into staging, before any live folder is replaced, on every
     * participant in the same order as {@code preBackup}, under the same timeout. Throwing cancels the restore with
     * nothing replaced. The default does nothing.
     *
     * @param context the restore; {@link RestoreContext#restoredDirectory()} holds this participant's content when it
     *        is restored
     * @throws Exception when the participant cannot prepare; the restore then fails with this message
     */
    default void preRestore(RestoreContext context) throws Exception {
    }

    /**
     * Ends what {@link #preRestore(RestoreContext)} began: reload the restored state, import a dump from
     * {@link RestoreContext#restoredDirectory()}. Called in reverse order on every participant whose
     * {@code preRestore} was called, also when the restore failed (then the live folders are the old ones again). A
     * failure here is reported as a warning of the restore; it does not undo it. The default does nothing.
     *
     * @param context the same context as given to {@code preRestore}
     * @param outcome whether the live folders were replaced
     * @throws Exception when the participant fails
     */
    default void postRestore(RestoreContext context, BackupOutcome outcome) throws Exception {
    }
}
