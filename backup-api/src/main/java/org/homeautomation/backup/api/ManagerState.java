package org.homeautomation.backup.api;

/**
 * What the {@link BackupManager} is doing.
 */
public enum ManagerState {
    /** No backup operation runs; one can be started. */
    IDLE,
    /** A backup is being created or uploaded. */
    CREATING,
    /**
     * A backup is being restored.
     */
    RESTORING
}
