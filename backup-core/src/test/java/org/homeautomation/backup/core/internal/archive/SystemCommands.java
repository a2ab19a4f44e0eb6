package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs real system commands (tar, zstd, mount) for tests. When the environment lacks what a test needs, the test
 * fails under CI (environment variable CI set), where it must run, and is skipped elsewhere.
 */
final class SystemCommands {
    private static final long TIMEOUT_SECONDS = 300;

    private SystemCommands() {
    }

    /** Result of a finished command. */
    record Result(int exitCode, String output) {
    }

    static boolean underCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Fails under CI, skips otherwise, when {@code condition} does not hold. */
    static void require(boolean condition, String what) {
        if (!condition) {
            if (underCi()) {
                fail(what + " (required under CI)");
            }
            Assumptions.assumeTrue(false, what + " (test skipped; it fails under CI=true)");
        }
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
