package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Real mounts for tests (tests run as root): a small tmpfs to fill up, and bind mounts. Whatever is mounted is
 * unmounted by {@link #unmountAll()}, newest first. When mounting is not permitted, the test fails under CI and is
 * skipped elsewhere.
 */
final class Mounts {
    private final Deque<Path> mounted = new ArrayDeque<>();

    void tmpfs(Path at, String size) throws IOException, InterruptedException {
        Files.createDirectories(at);
        mount(at, List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString()));
    }

    void bind(Path source, Path at) throws IOException, InterruptedException {
        mount(at, List.of("mount", "--bind", source.toString(), at.toString()));
    }

    private void mount(Path at, List<String> command) throws IOException, InterruptedException {
        SystemCommands.Result r = SystemCommands.run(null, command);
        SystemCommands.require(r.exitCode() == 0, "Cannot mount (" + String.join(" ", command) + "): "
                + r.output().trim() + "; the test needs root with the right to mount");
        mounted.push(at);
    }

    void unmountAll() throws IOException, InterruptedException {
        StringBuilder failures = new StringBuilder();
        while (!mounted.isEmpty()) {
            Path at = mounted.pop();
            SystemCommands.Result r = SystemCommands.run(null, List.of("umount", at.toString()));
            if (r.exitCode() != 0) {
                failures.append(at).append(": ").append(r.output().trim()).append('\n');
            }
        }
        if (failures.length() > 0) {
            throw new IOException("Could not unmount:\n" + failures);
        }
    }

    /**
     * A sysfs attribute that is write-only (mode 0200): the kernel refuses to open it for reading even for root, so
     * bound onto a file it makes a real unreadable file. It is never written to.
     */
    static Optional<Path> writeOnlySysfsAttribute() throws IOException {
        Path bus = Path.of("/sys/bus");
        if (!Files.isDirectory(bus)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> buses = Files.newDirectoryStream(bus)) {
            for (Path b : buses) {
                for (String name : List.of("drivers_probe", "uevent")) {
                    Path candidate = b.resolve(name);
                    if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)
                            && ((Integer) Files.getAttribute(candidate, "unix:mode") & 0444) == 0) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
