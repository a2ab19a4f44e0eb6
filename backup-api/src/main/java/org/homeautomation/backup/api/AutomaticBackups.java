package org.homeautomation.backup.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Automatic backups: made on the configured schedule and thinned by retention rules. Registered as a service by the
 * backup core bundle's scheduler, beside the {@link BackupManager} it uses; the manager itself knows nothing of
 * schedules. All methods are thread-safe.
 */
@ProviderType
public interface AutomaticBackups {

    /**
     * The state of automatic backups as last recorded: when one was last attempted and last fully succeeded, when
     * the next runs, and why the last one failed. Kept in the core bundle's data area, so it survives restarts.
     * Does not block on agents.
     *
     * @return the status; all fields empty when automatic backups never ran and none is scheduled
     */
    AutomaticBackupStatus status();

    /**
     * What retention would do if it ran now on every agent, without deleting anything: for each backup each agent
     * holds, whether it is kept or deleted and why. Retention after an automatic backup applies these same rules
     * (to the agents that stored that backup). Only automatic backups made by this installation are ever deleted,
     * and never the newest one on an agent. Blocks while agents list; agents that cannot be listed are left out.
     *
     * @return the decisions, sorted by agent id, then newest backup first
     * @throws BackupException when the automatic backup configuration is invalid, saying which key, or this
     *         installation's id cannot be read
     */
    List<RetentionDecision> previewRetention() throws BackupException;
}
