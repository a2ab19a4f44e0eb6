package org.homeautomation.backup.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A backup that {@link BackupManager#create(BackupRequest)} accepted and runs on the manager's own threads.
 */
@ProviderType
public interface BackupJob {

    /** @return the id the backup will have */
    String backupId();

    /** @return the backup's name */
    String name();

    /**
     * Completes when the backup has ended, successfully or not, with the outcome for each agent. It completes
     * normally also when the backup failed: the failure is in the {@link BackupResult}. Completing or cancelling the
     * returned stage has no effect on the backup.
     *
     * @return the outcome, when it is known
     */
    CompletionStage<BackupResult> completion();
}
