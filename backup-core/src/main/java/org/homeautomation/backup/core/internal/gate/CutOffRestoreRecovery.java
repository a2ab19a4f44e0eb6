package org.homeautomation.backup.core.internal.gate;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.api.BackupBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or rolls back the restores that a crash cut off, off the thread that activates the manager (recovery may
 * delete gigabytes), while the {@link OperationGate} refuses backups and restores. Until it succeeds nothing else may
 * read or replace the folders: a backup would archive an uncommitted restored tree. A failed recovery is tried again
 * when the next operation is refused, so fixing the cause (a full disk, a permission) needs no restart.
 *
 * <p>Where to look does not depend on the manager's configuration being valid: beside every folder that the
 * {@code sources} entries name (those that can be read), and beside Karaf's {@code etc} and {@code data}.
 */
public final class CutOffRestoreRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CutOffRestoreRecovery.class);
    static final String RUNNING = "The backup manager is recovering a restore that was cut off (a crash or a kill"
            + " during a restore); try again in a moment.";

    private final OperationGate gate;
    private final Set<Path> liveFolders;
    private final Predicate<Collection<Path>> recoverAll;
    private final Executor executor;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param gate the gate to hold while recovering
     * @param liveFolders the folders a restore may have swapped
     * @param recoverAll recovers every journal beside the given folders; false when one could not be (logged)
     * @param executor where recovery runs
     */
    public CutOffRestoreRecovery(OperationGate gate, Collection<Path> liveFolders,
            Predicate<Collection<Path>> recoverAll, Executor executor) {
        this.gate = gate;
        this.liveFolders = Set.copyOf(liveFolders);
        this.recoverAll = recoverAll;
        this.executor = executor;
    }

    /**
     * The folders to look beside for journals.
     *
     * @param sources the {@code sources} entries as configured ({@code name=/absolute/path}); unreadable ones are
     *        skipped
     * @param property reads a framework property ({@code karaf.etc}, {@code karaf.data}); null when unset
     * @return the folders
     */
    public static Set<Path> liveFolders(Collection<String> sources, UnaryOperator<String> property) {
        Set<Path> folders = new LinkedHashSet<>();
        for (String key : new String[] {"karaf.etc", "karaf.data"}) {
            String value = property.apply(key);
            if (value != null && !value.isBlank()) {
                folders.add(Path.of(value).toAbsolutePath().normalize());
            }
        }
        for (String entry : sources == null ? Set.<String>of() : sources) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq > 0) {
                try {
                    Path p = Path.of(entry.substring(eq + 1).trim());
                    if (p.isAbsolute()) {
                        folders.add(p.normalize());
                    }
                } catch (java.nio.file.InvalidPathException e) {
                    // An invalid entry is the configuration's problem, reported there; no restore used it.
                }
            }
        }
        return folders;
    }

    /** Refuses operations and starts recovery in the background. */
    public void start() {
        gate.recoveryNeeded(RUNNING);
        schedule();
    }

    /** Tries a failed recovery again, unless one is under way; called when an operation was refused. */
    public void retryIfFailed() {
        if (gate.recoveryProblem().filter(p -> !p.equals(RUNNING)).isPresent()) {
            gate.recoveryNeeded(RUNNING);
            schedule();
        }
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException stopping) {
            scheduled.set(false);
        }
    }

    private void run() {
        OperationGate.Pass pass;
        try {
            pass = gate.enter(OperationGate.Kind.RECOVERY, null, "a restore that was cut off is being recovered");
        } catch (BackupBusyException impossible) {
            // Only recovery runs while recovery is needed; nothing else can hold the gate.
            scheduled.set(false);
            LOG.error("Could not start recovering cut-off restores: {}", impossible.getMessage());
            return;
        }
        try {
            if (recoverAll.test(liveFolders)) {
                gate.recovered();
            } else {
                gate.recoveryNeeded("A restore that was cut off earlier could not be recovered (the log says"
                        + " where and why); no backup or restore can run until it is, since the folders may hold"
                        + " half of it. Fix the cause and try again: recovery runs again then.");
            }
        } catch (RuntimeException e) {
            LOG.error("Recovering cut-off restores failed unexpectedly; backups and restores stay refused. This is a"
                    + " defect of the backup manager.", e);
            gate.recoveryNeeded("Recovering a restore that was cut off failed unexpectedly (" + e + "); no backup"
                    + " or restore can run until it succeeds. Try again; restart the backup core bundle if it"
                    + " persists.");
        } finally {
            gate.leave(pass);
            scheduled.set(false);
        }
    }
}
