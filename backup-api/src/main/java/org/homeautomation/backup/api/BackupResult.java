package org.homeautomation.backup.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a backup ended: whether its archive was made, and for each agent whether the upload succeeded.
 */
public final class BackupResult {
    /** The overall outcome. */
    public enum Status {
        /** The archive was made and every selected agent holds it. */
        SUCCEEDED,
        /** The archive was made and at least one agent holds it, but at least one upload failed. */
        PARTIALLY_FAILED,
        /** No agent holds the backup: the archive could not be made, or every upload failed. */
        FAILED
    }

    private final String backupId;
    private final BackupMetadata metadata;
    private final String failure;
    private final Map<String, UploadResult> uploads;
    private final List<String> warnings;

    private BackupResult(String backupId, BackupMetadata metadata, String failure, Collection<UploadResult> uploads,
            List<String> warnings) {
        this.backupId = Identifiers.requireValidBackupId(backupId);
        this.metadata = metadata;
        this.failure = failure;
        Map<String, UploadResult> m = new LinkedHashMap<>();
        uploads.forEach(u -> m.put(u.agentId(), u));
        this.uploads = java.util.Collections.unmodifiableMap(m);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * @param metadata the archive that was made
     * @param uploads the outcome of each upload
     * @param warnings things a person should know (files skipped), may be empty
     * @return the result of a backup whose archive was made
     */
    public static BackupResult archived(BackupMetadata metadata, Collection<UploadResult> uploads,
            List<String> warnings) {
        return new BackupResult(metadata.id(), metadata, null, uploads, warnings);
    }

    /**
     * @param backupId the id the backup would have had
     * @param reason why the archive could not be made, for a person
     * @param warnings things a person should know, may be empty
     * @return the result of a backup that failed before any upload
     */
    public static BackupResult failed(String backupId, String reason, List<String> warnings) {
        return new BackupResult(backupId, null, Objects.requireNonNull(reason, "reason"), List.of(), warnings);
    }

    /** @return the backup's id */
    public String backupId() {
        return backupId;
    }

    /** @return the overall outcome */
    public Status status() {
        if (metadata == null) {
            return Status.FAILED;
        }
        long ok = uploads.values().stream().filter(UploadResult::isSuccess).count();
        if (ok == uploads.size() && ok > 0) {
            return Status.SUCCEEDED;
        }
        return ok > 0 ? Status.PARTIALLY_FAILED : Status.FAILED;
    }

    /** @return the metadata of the archive, or empty when it could not be made */
    public Optional<BackupMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /**
     * @return why the archive could not be made, or empty when it was made (see {@link #uploads()} for the
     *         agents)
     */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    /** @return the outcome of each upload by agent id, in the order the agents were selected; unmodifiable */
    public Map<String, UploadResult> uploads() {
        return uploads;
    }

    /** @return the uploads that failed */
    public List<UploadResult> failedUploads() {
        List<UploadResult> failed = new ArrayList<>();
        uploads.values().stream().filter(u -> !u.isSuccess()).forEach(failed::add);
        return failed;
    }

    /** @return things a person should know about this backup, such as files that were skipped */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "BackupResult[" + backupId + " " + status() + (failure == null ? "" : ": " + failure) + ", uploads="
                + uploads.values() + "]";
    }
}
