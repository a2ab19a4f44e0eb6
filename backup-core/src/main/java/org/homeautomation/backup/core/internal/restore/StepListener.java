package org.homeautomation.backup.core.internal.restore;

/**
 * Told when a {@link RestoreTransaction} has completed a step that changes the disk. Tests use it to stop a process at
 * an exact point and kill it there; the product sets none.
 */
interface StepListener {
    /** The steps, in the order of a restore. */
    enum Step {
        /** The journal says "prepared"; nothing live has changed. */
        PREPARED_RECORDED,
        /** The journal says "swapping"; the swaps are about to start. */
        SWAPPING_RECORDED,
        /** Swap {@code index}, moving entries: one old entry was moved (or hard-linked) into the rollback folder. */
        OLD_ENTRY_MOVED_ASIDE,
        /** Swap {@code index}, moving entries: one restored entry was moved into the live folder. */
        NEW_ENTRY_MOVED_IN,
        /** Swap {@code index}: the live folder was renamed to its rollback name. */
        LIVE_MOVED_ASIDE,
        /** Swap {@code index}: the staging folder was renamed to the live name. */
        STAGING_MOVED_IN,
        /** Swap {@code index}: one kept path was carried from the old tree into the restored one. */
        KEPT_PATH_CARRIED,
        /** The journal says "swapped": every live folder holds its restored tree. */
        SWAPPED_RECORDED,
        /** The journal says "committed". */
        COMMITTED_RECORDED,
        /** Swap {@code index}, moving entries: one restored entry was moved out of the live folder (rollback, recovery). */
        NEW_ENTRY_MOVED_OUT,
        /** Swap {@code index}, moving entries: one old entry is back in the live folder (rollback or recovery). */
        ENTRY_PUT_BACK,
        /**
         * Swap {@code index}: its old tree is back under the live name, or, moving entries, every old entry is back
         * and the rollback folder removed (rollback or recovery).
         */
        OLD_TREE_PUT_BACK,
        /** Swap {@code index}: one file, link or folder of a rollback or staging folder was deleted. */
        PATH_DELETED
    }

    /** A listener that does nothing. */
    StepListener NONE = (step, index) -> {
    };

    /**
     * @param step the step completed
     * @param index the swap it concerns, counted from 0; -1 for steps of the whole transaction
     */
    void reached(Step step, int index);
}
