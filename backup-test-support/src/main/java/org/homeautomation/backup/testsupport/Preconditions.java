package org.homeautomation.backup.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for a test whose preconditions (a system tool, root to mount a file system, a UTF-8 file name
 * encoding) may be missing: elsewhere the test is skipped, but on CI it fails, because CI is set up to run every
 * test and a skipped one would hide lost coverage.
 */
public final class Preconditions {
    private Preconditions() {
    }

    /**
     * @return whether this run is on CI: the environment variable {@code CI} is set, not blank and not
     *         {@code false} (GitHub Actions, GitLab and most others set {@code CI=true})
     */
    public static boolean onCi() {
        return onCi(System.getenv("CI"));
    }

    static boolean onCi(String ci) {
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /**
     * Checks a precondition, for tests of any JUnit version: a JUnit 4 test writes
     * {@code Assume.assumeTrue(what, Preconditions.hold(condition, what))}.
     *
     * @param condition whether the precondition holds
     * @param what what is missing and how to provide it, for the failure or skip message
     * @return {@code condition}: false means the caller must skip the test
     * @throws AssertionError when the precondition does not hold on CI
     */
    public static boolean hold(boolean condition, String what) {
        if (!condition && onCi()) {
            throw new AssertionError(what + " (required on CI, environment variable CI=" + System.getenv("CI") + ")");
        }
        return condition;
    }

    /**
     * Checks a precondition of a JUnit 5 test: skips the test when it does not hold, fails it on CI.
     *
     * @param condition whether the precondition holds
     * @param what what is missing and how to provide it
     * @throws AssertionError when the precondition does not hold on CI
     */
    public static void require(boolean condition, String what) {
        if (!hold(condition, what)) {
            Assumptions.abort(what + " (test skipped; it fails on CI)");
        }
    }

    /**
     * Whether a system command is there to use, for the condition of {@link #hold} or {@link #require}.
     *
     * @param command a command and its arguments, such as {@code restic version}
     * @return whether it starts and exits with 0 within a minute; its output is discarded
     */
    public static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
