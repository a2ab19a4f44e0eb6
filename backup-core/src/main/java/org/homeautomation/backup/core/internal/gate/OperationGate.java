package org.homeautomation.backup.core.internal.gate;

import java.util.Optional;

import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.ManagerState;

/**
 * Lets one operation that reads or changes the backed-up folders run at a time: creating a backup, restoring one,
 * recovering a restore that a crash cut off. Whoever wants to run one enters the gate, in one atomic step that checks
 * and claims, and leaves it when done; everyone else is refused with a message that names what runs. Checking first
 * and claiming later (as two steps) is what let a backup walk folders that a restore was renaming.
 *
 * <p>Recovery is special: until a restore cut off by a crash is finished or rolled back, the folders are not a
 * backup's to read nor another restore's to replace, so while recovery is pending (or failed) the gate refuses
 * everything else with the reason.
 */
public final class OperationGate {
    /** What may hold the gate. */
    public enum Kind {
        /** Creating a backup. */
        CREATE,
        /** Restoring a backup. */
        RESTORE,
        /** Finishing or rolling back a restore that a crash cut off. */
        RECOVERY
    }

    /** Proof of having entered; give it back to {@link #leave}. */
    public static final class Pass {
        private final Kind kind;
        private final String backupId;
        private final String description;

        private Pass(Kind kind, String backupId, String description) {
            this.kind = kind;
            this.backupId = backupId;
            this.description = description;
        }

        /** @return what the holder does */
        public Kind kind() {
            return kind;
        }

        /** @return the backup being made or restored, or null for recovery */
        public String backupId() {
            return backupId;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private Pass holder;
    /** Why nothing may run until recovery succeeds, or null. */
    private String recoveryProblem;

    /**
     * Enters the gate, or refuses.
     *
     * @param kind what the caller is about to do
     * @param backupId the backup it concerns, or null
     * @param description what it is, for people told to wait ("backup 'nightly' (20261128-...) is being made")
     * @return the pass to leave with
     * @throws BackupBusyException when another operation holds the gate, naming it; or when a recovery is needed
     *         first and has not succeeded
     */
    public synchronized Pass enter(Kind kind, String backupId, String description) throws BackupBusyException {
        if (holder != null) {
            throw new BackupBusyException(capitalised(holder.description) + "; wait for it to finish and try again.");
        }
        if (recoveryProblem != null && kind != Kind.RECOVERY) {
            throw new BackupBusyException(recoveryProblem);
        }
        holder = new Pass(kind, backupId, description);
        return holder;
    }

    /**
     * Leaves the gate. A pass that does not hold it (left already) changes nothing.
     *
     * @param pass the pass {@link #enter} gave
     */
    public synchronized void leave(Pass pass) {
        if (holder == pass) {
            holder = null;
        }
    }

    /**
     * Records that a restore cut off by a crash still has to be recovered: until {@link #recovered()} every
     * operation but recovery is refused with this reason.
     *
     * @param problem why, and what to do, for people
     */
    public synchronized void recoveryNeeded(String problem) {
        recoveryProblem = problem;
    }

    /** Records that no cut-off restore is left. */
    public synchronized void recovered() {
        recoveryProblem = null;
    }

    /** @return why operations are refused until a recovery succeeds, if they are */
    public synchronized Optional<String> recoveryProblem() {
        return Optional.ofNullable(recoveryProblem);
    }

    /** @return what holds the gate now, if anything */
    public synchronized Optional<Pass> holder() {
        return Optional.ofNullable(holder);
    }

    /** @return the manager's state as the gate sees it */
    public synchronized ManagerState state() {
        if (holder == null) {
            return ManagerState.IDLE;
        }
        return holder.kind == Kind.CREATE ? ManagerState.CREATING : ManagerState.RESTORING;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
