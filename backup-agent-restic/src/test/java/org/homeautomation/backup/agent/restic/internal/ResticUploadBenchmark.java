package org.homeautomation.backup.agent.restic.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.homeautomation.backup.support.secret.Secret;

/**
 * Not a test: times one upload of a file into an empty repository, for comparison with {@code restic backup --stdin}
 * of the same file into another. Arguments: the file, a folder for the repository (must not exist).
 * Run from backup-agent-restic after a test compile, with the test class path.
 */
public final class ResticUploadBenchmark {
    private ResticUploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path repo = Path.of(args[1]);
        Repository.initialize(repo, "benchmark");
        ResticBackupAgent agent = new ResticBackupAgent("bench", "bench", repo, new Secret("benchmark"), false);
        long size = Files.size(file);
        long start = System.nanoTime();
        agent.upload(new org.homeautomation.backup.api.BackupSource() {
            @Override
            public java.io.InputStream open() throws java.io.IOException {
                return Files.newInputStream(file);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public java.util.Optional<Path> file() {
                return java.util.Optional.of(file);
            }
        }, org.homeautomation.backup.api.BackupMetadata.builder().id("bench").name("bench")
                .createdAt(java.time.Instant.now()).size(size).sha256("0".repeat(64)).build(), n -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d bytes in %.2f s: %.1f MiB/s%n", size, seconds, size / seconds / 1024 / 1024);
    }
}
