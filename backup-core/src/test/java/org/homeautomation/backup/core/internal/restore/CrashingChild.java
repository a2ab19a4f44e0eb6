package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.homeautomation.backup.core.internal.restore.StepListener.Step;

/**
 * A child JVM on this test class path that pauses at an exact step of a restore and is killed there with SIGKILL, as
 * a power cut or the OOM killer would end the runtime.
 */
final class CrashingChild {
    private static final long TIMEOUT_SECONDS = 60;

    private CrashingChild() {
    }

    /**
     * Runs {@link SwapCrashChild} until it prints that it paused at the {@code count}-th {@code step} of swap
     * {@code index}, then kills it with SIGKILL.
     *
     * @param mode {@code swap-commit}, {@code swap-rollback} (each optionally with {@code -whole}) or {@code recover}
     * @param temp where the child's error output goes
     */
    static void killAt(String mode, Path journalFolder, String restoreId, List<FolderSwap> swaps, Step step,
            int index, int count, Path temp) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-cp", System.getProperty("java.class.path"), SwapCrashChild.class.getName(), mode,
                journalFolder.toString(), restoreId, step.name(), Integer.toString(index), Integer.toString(count)));
        for (FolderSwap swap : swaps) {
            command.add(swap.live().toString());
            command.add(swap.staging().toString());
            command.add(swap.kept().isEmpty() ? "-" : String.join(",", swap.kept()));
        }
        Path errors = Files.createTempFile(temp, "child", ".log");
        Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        child.getOutputStream().close();
        CompletableFuture<String> announcement = CompletableFuture.supplyAsync(() -> firstLine(child));
        String line;
        try {
            line = announcement.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            child.destroyForcibly().waitFor();
            throw new AssertionError("The child did not reach " + step + " " + index + ": " + Files.readString(errors));
        }
        if (line == null || !line.equals(SwapCrashChild.PAUSED + " " + step + " " + index)) {
            child.destroyForcibly().waitFor();
            fail("The child did not pause at " + step + " " + index + " but said '" + line + "'; its log: "
                    + Files.readString(errors));
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the child must die");
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not finished");
    }

    private static String firstLine(Process child) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            return reader.readLine();
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }
}
