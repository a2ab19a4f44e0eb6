package org.homeautomation.backup.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small RAM file system mounted for one test: a real, separate file system of known size, to run out of space on,
 * to make hard links impossible, or to make read-only. Needs root (or CAP_SYS_ADMIN); where that is missing the test
 * is skipped, except on CI, where it fails ({@link Preconditions}).
 */
public final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a tmpfs of {@code size} (as mount's {@code size=} option, e.g. {@code 8m}) at a new or empty folder.
     */
    public static Tmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        Preconditions.require(failure == null, "Cannot mount a tmpfs at " + mountPoint + " (needs root): " + failure);
        return new Tmpfs(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Makes the file system read-only, as a drive mounted read-only or one the kernel remounted after errors. */
    public void remountReadOnly() throws IOException, InterruptedException {
        String failure = run("mount", "-o", "remount,ro", mountPoint.toString());
        if (failure != null) {
            throw new IOException("Cannot remount the tmpfs at " + mountPoint + " read-only: " + failure);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", mountPoint.toString());
        if (failure != null) {
            throw new IOException("Cannot unmount the tmpfs at " + mountPoint + ": " + failure);
        }
    }

    /** @return null when the command succeeded, else what went wrong */
    private static String run(String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            output = e.getMessage();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end within 60 s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + process.exitValue()
                + ": " + output;
    }
}
