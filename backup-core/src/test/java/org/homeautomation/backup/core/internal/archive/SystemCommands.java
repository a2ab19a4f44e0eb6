package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.testsupport.Preconditions;

/**
 * Runs real system commands (tar, zstd, mount) for tests. When the environment lacks what a test needs, the test
 * fails on CI, where it must run, and is skipped elsewhere ({@link Preconditions}).
 */
final class SystemCommands {
    private static final long TIMEOUT_SECONDS = 300;

    private SystemCommands() {
    }

    /** Result of a finished command. */
    record Result(int exitCode, String output) {
    }

    /** Fails on CI, skips otherwise, when {@code condition} does not hold (see {@link Preconditions}). */
    static void require(boolean condition, String what) {
        Preconditions.require(condition, what);
    }

    /** Requires an executable, such as /usr/bin/tar. */
    static void requireExecutable(String path) {
        require(Files.isExecutable(Path.of(path)), path + " is missing: install it (Debian: apt-get install "
                + Path.of(path).getFileName() + ")");
    }

    /** Runs a command, output and errors merged, with a time limit. */
    static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs a shell pipeline with bash and pipefail; fails the test when it does not succeed. */
    static String shell(Path directory, String script) throws IOException, InterruptedException {
        Result r = run(directory, List.of("/bin/bash", "-o", "pipefail", "-c", script));
        assertTrue(r.exitCode() == 0, "`" + script + "` exited with " + r.exitCode() + ": " + r.output());
        return r.output();
    }
}
