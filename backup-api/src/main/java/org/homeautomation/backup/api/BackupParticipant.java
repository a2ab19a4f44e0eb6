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
 * the archive as the content named by {@link #id()}.
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
}
