package org.homeautomation.backup.core.internal.restore;

import java.util.List;

/**
 * What {@link RestoreTransaction#recover(java.nio.file.Path)} found and did.
 *
 * @param outcome how the interrupted restore ended
 * @param restoreId the id of the interrupted restore; empty when there was none
 * @param actions what was done on disk, one sentence each, naming the folders
 */
public record RecoveryResult(Outcome outcome, String restoreId, List<String> actions) {
    /** How an interrupted restore ended. */
    public enum Outcome {
        /** No restore was interrupted. */
        NOTHING_TO_RECOVER,
        /** The restore had not been committed: every live folder holds its old tree again. */
        ROLLED_BACK,
        /** The restore had been committed: every live folder keeps its restored tree; the old trees are deleted. */
        COMMIT_COMPLETED
    }

    /** Copies the actions. */
    public RecoveryResult {
        actions = List.copyOf(actions);
    }

    static RecoveryResult nothing() {
        return new RecoveryResult(Outcome.NOTHING_TO_RECOVER, "", List.of());
    }
}
