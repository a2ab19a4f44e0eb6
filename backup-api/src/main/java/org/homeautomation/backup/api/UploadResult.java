package org.homeautomation.backup.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How the upload of one backup to one agent ended.
 */
public final class UploadResult {
    private final String agentId;
    private final String failure;

    private UploadResult(String agentId, String failure) {
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.failure = failure;
    }

    /** @param agentId the agent @return an upload that succeeded */
    public static UploadResult succeeded(String agentId) {
        return new UploadResult(agentId, null);
    }

    /** @param agentId the agent @param reason why it failed, for a person @return an upload that failed */
    public static UploadResult failed(String agentId, String reason) {
        return new UploadResult(agentId, Objects.requireNonNull(reason, "reason"));
    }

    /** @return the agent's id */
    public String agentId() {
        return agentId;
    }

    /** @return whether the agent holds the backup now */
    public boolean isSuccess() {
        return failure == null;
    }

    /** @return why the upload failed, or empty when it succeeded */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return agentId + (failure == null ? ": uploaded" : ": failed: " + failure);
    }
}
