package org.homeautomation.backup.core.internal.create;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupResult;

/**
 * The handle of a running backup. Callers get a view of the result that they cannot complete.
 */
public final class BackupJobHandle implements BackupJob {
    private final String backupId;
    private final String name;
    private final CompletableFuture<BackupResult> result = new CompletableFuture<>();

    BackupJobHandle(String backupId, String name) {
        this.backupId = backupId;
        this.name = name;
    }

    @Override
    public String backupId() {
        return backupId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<BackupResult> completion() {
        return result.minimalCompletionStage();
    }

    void complete(BackupResult r) {
        result.complete(r);
    }

    /** Ends the job when not even a failed result could be made (the API's classes are gone). */
    void completeExceptionally(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public String toString() {
        return "backup '" + name + "' (" + backupId + ")";
    }
}
