package org.homeautomation.backup.api;

/**
 * The OSGi Event Admin topics and properties the manager publishes, when an Event Admin service is present. Subscribe
 * to {@code org/homeautomation/backup/*} for all of them. Events are posted asynchronously.
 */
public final class BackupEvents {
    /** The prefix of every topic. */
    public static final String TOPIC_PREFIX = "org/homeautomation/backup/";

    /**
     * A backup entered a {@link BackupStage}. Properties: {@link #BACKUP_ID}, {@link #BACKUP_NAME}, {@link #STAGE};
     * with {@link BackupStage#FAILED} also {@link #REASON}; with {@link BackupStage#COMPLETED} and
     * {@link BackupStage#FAILED} also {@link #FAILED_AGENTS} when uploads failed.
     */
    public static final String TOPIC_STAGE = TOPIC_PREFIX + "STAGE";

    /**
     * Upload progress of one backup to one agent, at most about one a second per agent, and a last one when the
     * upload completed. Properties: {@link #BACKUP_ID}, {@link #AGENT_ID}, {@link #BYTES_UPLOADED},
     * {@link #BYTES_TOTAL}.
     */
    public static final String TOPIC_UPLOAD_PROGRESS = TOPIC_PREFIX + "UPLOAD_PROGRESS";

    /** An agent was registered. Properties: {@link #AGENT_ID}, {@link #AGENT_NAME}. */
    public static final String TOPIC_AGENT_ADDED = TOPIC_PREFIX + "AGENT_ADDED";

    /** An agent was unregistered. Properties: {@link #AGENT_ID}, {@link #AGENT_NAME}. */
    public static final String TOPIC_AGENT_REMOVED = TOPIC_PREFIX + "AGENT_REMOVED";

    /**
     * An automatic backup failed, wholly or for some agents, or could not even start; also when the automatic backup
     * configuration is invalid. Properties: {@link #REASON}; {@link #BACKUP_ID} when a backup was made;
     * {@link #FAILED_AGENTS} when uploads failed.
     */
    public static final String TOPIC_AUTOMATIC_FAILED = TOPIC_PREFIX + "AUTOMATIC_FAILED";

    /**
     * The status of automatic backups changed (a run started or ended, the schedule changed); read it whole with
     * {@link AutomaticBackups#status()}. Properties, each only when known: {@link #LAST_ATTEMPT},
     * {@link #LAST_SUCCESS}, {@link #NEXT_RUN}, {@link #BACKUP_ID} of the last automatic backup, {@link #REASON} of
     * its failure and {@link #FAILED_AGENTS}.
     */
    public static final String TOPIC_AUTOMATIC_STATUS = TOPIC_PREFIX + "AUTOMATIC_STATUS";

    /**
     * A restore entered a {@link RestoreStage}. Properties: {@link #BACKUP_ID}, {@link #STAGE} (the name of a
     * {@link RestoreStage}), {@link #AGENT_ID} once the agent is chosen; with {@link RestoreStage#FAILED} also
     * {@link #REASON}.
     */
    public static final String TOPIC_RESTORE = TOPIC_PREFIX + "RESTORE";

    /**
     * The verification of one copy of a backup (see {@link BackupVerifier}) started, read on, or ended. Properties:
     * {@link #BACKUP_ID}, {@link #AGENT_ID}, {@link #STAGE}: {@link #VERIFY_STARTED}, {@link #VERIFY_READING} (with
     * {@link #BYTES_READ} and {@link #BYTES_TOTAL}, at most about once a second) or {@link #VERIFY_ENDED} (with
     * {@link #VERIFIED_OK}, {@link #CONTENTS_CHECKED}, {@link #BYTES_READ}, and {@link #REASON} when the copy is
     * damaged or could not be read).
     */
    public static final String TOPIC_VERIFY = TOPIC_PREFIX + "VERIFY";

    /** The {@link #STAGE} of a {@link #TOPIC_VERIFY} event when the verification of a copy starts. */
    public static final String VERIFY_STARTED = "STARTED";
    /** The {@link #STAGE} of a {@link #TOPIC_VERIFY} event that tells how far the copy has been read. */
    public static final String VERIFY_READING = "READING";
    /** The {@link #STAGE} of a {@link #TOPIC_VERIFY} event when the verification of a copy has ended. */
    public static final String VERIFY_ENDED = "ENDED";

    /** The backup's id, a String. */
    public static final String BACKUP_ID = "backup.id";
    /** The backup's name, a String. */
    public static final String BACKUP_NAME = "backup.name";
    /** The name of a {@link BackupStage}, a String. */
    public static final String STAGE = "stage";
    /** Why a backup failed, a String for people. */
    public static final String REASON = "reason";
    /** The ids of the agents whose upload failed, a String[]. */
    public static final String FAILED_AGENTS = "failed.agents";
    /** An agent's id, a String. */
    public static final String AGENT_ID = "agent.id";
    /** An agent's name, a String. */
    public static final String AGENT_NAME = "agent.name";
    /** When the last automatic backup was attempted, an ISO-8601 instant String. */
    public static final String LAST_ATTEMPT = "last.attempt";
    /** When the last fully successful automatic backup was made, an ISO-8601 instant String. */
    public static final String LAST_SUCCESS = "last.success";
    /** When the next automatic backup runs, an ISO-8601 instant String. */
    public static final String NEXT_RUN = "next.run";
    /** Bytes uploaded so far, a Long. */
    public static final String BYTES_UPLOADED = "bytes.uploaded";
    /** Bytes of a copy read back so far, a Long. */
    public static final String BYTES_READ = "bytes.read";
    /** Whether a verified copy is whole ({@link VerificationResult#ok()}), a Boolean. */
    public static final String VERIFIED_OK = "verified.ok";
    /** Whether a verification read every content through ({@link VerificationResult#contentsChecked()}), a Boolean. */
    public static final String CONTENTS_CHECKED = "contents.checked";
    /** The archive's size in bytes, a Long. */
    public static final String BYTES_TOTAL = "bytes.total";

    private BackupEvents() {
    }
}
