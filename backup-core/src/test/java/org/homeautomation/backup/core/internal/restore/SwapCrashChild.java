package org.homeautomation.backup.core.internal.restore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs in a separate JVM for {@link RestoreCrashTest} and {@link KeptPathCrashTest} (started by
 * {@link CrashingChild}): performs a restore's swap (then commit or rollback), or a recovery, and stops for good at a
 * chosen step, announcing it on stdout, so that the test can kill it exactly there.
 *
 * <p>Arguments: {@code mode journalFolder restoreId pauseStep pauseIndex pauseCount [live staging kept]...}; mode is
 * {@code swap-commit}, {@code swap-rollback} or {@code recover}, the first two with {@code -whole} to swap the live
 * folders whole (as when their entries cannot be moved); each swap's kept paths are joined by ','
 * ({@code -} for none); the process pauses the {@code pauseCount}-th time step {@code pauseStep} is reached for swap
 * {@code pauseIndex}.
 */
public final class SwapCrashChild {
    /** Printed before pausing, followed by the step and index. */
    static final String PAUSED = "paused";
    /** Printed when the work finished without reaching the pause step. */
    static final String FINISHED = "finished";

    private SwapCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path journalFolder = Path.of(args[1]);
        String restoreId = args[2];
        StepListener.Step pauseStep = StepListener.Step.valueOf(args[3]);
        int pauseIndex = Integer.parseInt(args[4]);
        int pauseCount = Integer.parseInt(args[5]);
        List<FolderSwap> swaps = new ArrayList<>();
        for (int i = 6; i + 2 < args.length; i += 3) {
            List<String> kept = args[i + 2].equals("-") ? List.of() : List.of(args[i + 2].split(","));
            swaps.add(new FolderSwap(Path.of(args[i]), Path.of(args[i + 1]), kept));
        }
        int[] seen = {0};
        StepListener pause = (step, index) -> {
            if (step == pauseStep && index == pauseIndex && ++seen[0] == pauseCount) {
                System.out.println(PAUSED + " " + step + " " + index);
                System.out.flush();
                pauseForever();
            }
        };
        boolean whole = mode.endsWith("-whole");
        switch (mode.replace("-whole", "")) {
            case "swap-commit" -> {
                RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, restoreId, swaps, pause,
                        live -> !whole);
                restore.swap();
                restore.commit();
            }
            case "swap-commit-background" -> {
                // As a restore commits: the old trees are deleted on another thread after the commit is recorded.
                RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, restoreId, swaps, pause,
                        live -> true);
                restore.swap();
                Thread deletion = new Thread(restore.commitKeepingOldTrees(), "delete-old-trees");
                deletion.start();
                deletion.join();
            }
            case "swap-rollback" -> {
                RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, restoreId, swaps, pause,
                        live -> !whole);
                restore.swap();
                restore.rollback();
            }
            case "recover" -> RestoreTransaction.recover(journalFolder, pause);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println(FINISHED);
    }

    /* Waits to be killed; the test sends SIGKILL. Parking may return spuriously, hence the loop. */
    private static void pauseForever() {
        while (true) {
            LockSupport.park();
        }
    }
}
