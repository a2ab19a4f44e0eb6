package org.homeautomation.backup.api;

/**
 * The stages of creating a backup, published as {@link BackupEvents#TOPIC_STAGE} events.
 */
public enum BackupStage {
    /** Participants are preparing. */
    PRE_BACKUP,
    /** The archive is being written. */
    ARCHIVING,
    /** Participants are ending their preparation. */
    POST_BACKUP,
    /** The archive is being uploaded to the agents. */
    UPLOADING,
    /** At least one agent holds the backup; see {@link BackupEvents#FAILED_AGENTS} for the others. */
    COMPLETED,
    /** No agent holds the backup; see {@link BackupEvents#REASON}. */
    FAILED
}
