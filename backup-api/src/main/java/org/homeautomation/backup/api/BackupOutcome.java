package org.homeautomation.backup.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the archive of a backup was written, as told to {@link BackupParticipant#postBackup}.
 */
public final class BackupOutcome {
    private final String failure;

    private BackupOutcome(String failure) {
        this.failure = failure;
    }

    /** @return the outcome of a backup whose archive was written */
    public static BackupOutcome succeeded() {
        return new BackupOutcome(null);
    }

    /**
     * @param reason why the backup failed, for a person
     * @return the outcome of a backup that failed
     */
    public static BackupOutcome failed(String reason) {
        return new BackupOutcome(Objects.requireNonNull(reason, "reason"));
    }

    /** @return whether the archive was written */
    public boolean isSuccess() {
        return failure == null;
    }

    /** @return why the backup failed, or empty when it did not */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return failure == null ? "succeeded" : "failed: " + failure;
    }
}
