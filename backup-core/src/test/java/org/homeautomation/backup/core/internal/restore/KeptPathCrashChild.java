package org.homeautomation.backup.core.internal.restore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in a separate JVM for {@link KeptPathCrashTest}: a restore's swap with kept paths (then commit or rollback),
 * or a recovery, stopping for good at a chosen step and announcing it on stdout, so that the test can kill it there.
 *
 * <p>Arguments: {@code mode journalFolder restoreId pauseStep pauseIndex pauseCount [live staging kept]...}, as for
 * {@link SwapCrashChild}, with each swap's kept paths joined by ',' ({@code -} for none).
 */
public final class KeptPathCrashChild {
    private KeptPathCrashChild() {
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
                System.out.println(SwapCrashChild.PAUSED + " " + step + " " + index);
                System.out.flush();
                pauseForever();
            }
        };
        switch (mode) {
            case "swap-commit" -> {
                RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, restoreId, swaps, pause);
                restore.swap();
                restore.commit();
            }
            case "swap-rollback" -> {
                RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, restoreId, swaps, pause);
                restore.swap();
                restore.rollback();
            }
            case "recover" -> RestoreTransaction.recover(journalFolder, pause);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println(SwapCrashChild.FINISHED);
    }

    /* Waits to be killed; the test sends SIGKILL. */
    private static void pauseForever() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep waiting: only the kill ends this process
            }
        }
    }
}
