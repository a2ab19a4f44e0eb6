package org.homeautomation.backup.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What retention does, or would do, with one backup on one agent, and why: an immutable value listed by
 * {@link AutomaticBackups#previewRetention()}.
 */
public final class RetentionDecision {
    /** Whether the backup stays. */
    public enum Action {
        /** The backup stays on the agent. */
        KEEP,
        /** Retention deletes the backup from the agent. */
        DELETE
    }

    private final String backupId;
    private final String agentId;
    private final Instant createdAt;
    private final Action action;
    private final String reason;

    private RetentionDecision(String backupId, String agentId, Instant createdAt, Action action, String reason) {
        this.backupId = Identifiers.requireValidBackupId(backupId);
        this.agentId = Identifiers.requireValidAgentId(agentId);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.action = action;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param backupId the backup
     * @param agentId the agent holding it
     * @param createdAt when the backup was made
     * @param reason why it stays, for a person: "keep-last 3", "made by hand"
     * @return a decision to keep the backup
     */
    public static RetentionDecision keep(String backupId, String agentId, Instant createdAt, String reason) {
        return new RetentionDecision(backupId, agentId, createdAt, Action.KEEP, reason);
    }

    /**
     * @param backupId the backup
     * @param agentId the agent holding it
     * @param createdAt when the backup was made
     * @param reason why it goes, for a person: "older than 30 days"
     * @return a decision to delete the backup from the agent
     */
    public static RetentionDecision delete(String backupId, String agentId, Instant createdAt, String reason) {
        return new RetentionDecision(backupId, agentId, createdAt, Action.DELETE, reason);
    }

    /** @return the backup's id */
    public String backupId() {
        return backupId;
    }

    /** @return the agent that holds the backup */
    public String agentId() {
        return agentId;
    }

    /** @return when the backup was made */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return whether the backup stays */
    public Action action() {
        return action;
    }

    /** @return whether retention deletes the backup from the agent */
    public boolean isDelete() {
        return action == Action.DELETE;
    }

    /** @return why, for a person */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof RetentionDecision d && backupId.equals(d.backupId) && agentId.equals(d.agentId)
                && createdAt.equals(d.createdAt) && action == d.action && reason.equals(d.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backupId, agentId, createdAt, action, reason);
    }

    @Override
    public String toString() {
        return action + " " + backupId + " on " + agentId + ": " + reason;
    }
}
