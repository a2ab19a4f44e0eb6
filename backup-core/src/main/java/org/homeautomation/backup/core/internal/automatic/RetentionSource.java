package org.homeautomation.backup.core.internal.automatic;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.core.internal.retention.RetentionPolicy;

/**
 * What the manager's retention preview needs from the scheduler: the rules in force and this installation's id.
 * Registered by {@link AutomaticBackupScheduler} as a service of the core bundle only (the package is not exported),
 * so that the preview applies exactly what the scheduler applies.
 */
public interface RetentionSource {

    /**
     * @return the retention rules of the current configuration
     * @throws BackupException when the configuration is invalid, saying why
     */
    RetentionPolicy retentionPolicy() throws BackupException;

    /**
     * @return this installation's id, which automatic backups carry
     * @throws BackupException when it cannot be read or made
     */
    String installationId() throws BackupException;
}
