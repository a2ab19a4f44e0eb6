package org.homeautomation.backup.api;

/**
 * The stages of a restore, published as {@link BackupEvents#TOPIC_RESTORE} events.
 */
public enum RestoreStage {
    /** The archive is being fetched from the agent into staging. */
    FETCHING,
    /** The archive's digest, the password and every entry are being checked; nothing live has been touched. */
    VERIFYING,
    /** The contents are being unpacked into staging folders beside the live ones. */
    EXTRACTING,
    /** Participants are preparing ({@link BackupParticipant#preRestore(RestoreContext)}). */
    PRE_RESTORE,
    /** The live folders are being swapped with the restored ones. */
    REPLACING,
    /** Participants are ending their preparation ({@link BackupParticipant#postRestore}). */
    POST_RESTORE,
    /** Every selected content is restored; the previous trees are deleted. */
    COMPLETED,
    /** The restore failed; see {@link BackupEvents#REASON}. Every live folder is as it was before. */
    FAILED
}
