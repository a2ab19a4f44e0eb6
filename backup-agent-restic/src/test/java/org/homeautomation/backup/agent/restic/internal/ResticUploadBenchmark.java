package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.support.secret.Secret;

/**
 * The Java side of {@code benchmark/restic-benchmark.sh}; not a test. Arguments: a repository folder (made when
 * missing, with the password {@code RESTIC_PASSWORD} of the environment or "benchmark"), then files, uploaded in
 * turn as backups {@code bench-1}, {@code bench-2}... by the agent. Prints, per file, {@code key=value} lines: the
 * seconds the upload took (opening the repository and its key included, the JVM's start not) and the bytes it
 * added to the repository's {@code data/} folder (with {@code -Dbench.warmup=<file>}, after uploading that file into a
 * scratch repository first, as a runtime that has made backups before).
 */
public final class ResticUploadBenchmark {
    private ResticUploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        String password = Optional.ofNullable(System.getenv("RESTIC_PASSWORD")).orElse("benchmark");
        if (!Files.exists(repo)) {
            Repository.initialize(repo, password);
        }
        String warmUp = System.getProperty("bench.warmup");
        if (warmUp != null) {
            warmUp(Path.of(warmUp), password);
        }
        ResticBackupAgent agent = new ResticBackupAgent("bench", "bench", repo, new Secret(password), false);
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            long size = Files.size(file);
            long before = dataBytes(repo);
            long start = System.nanoTime();
            upload(agent, file, "bench-" + i);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("upload_%d_seconds=%.3f%n", i, seconds);
            System.out.printf("upload_%d_mib_per_second=%.1f%n", i, size / seconds / 1024 / 1024);
            System.out.println("upload_" + i + "_added_bytes=" + (dataBytes(repo) - before));
        }
        System.out.println("max_heap_bytes=" + Runtime.getRuntime().maxMemory());
    }

    /** Uploads a file into a scratch repository beside the real one, then removes it: a JVM that has run uploads. */
    private static void warmUp(Path file, String password) throws Exception {
        Path scratch = Files.createTempDirectory("restic-benchmark-warm-up");
        try {
            Path repo = scratch.resolve("repo");
            Repository.initialize(repo, password);
            upload(new ResticBackupAgent("warm-up", "warm-up", repo, new Secret(password), false), file, "warm-up");
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Uploads a file as backup {@code id} (its digest is not checked by the agent, so it is not computed). */
    private static void upload(ResticBackupAgent agent, Path file, String id) throws Exception {
        long size = Files.size(file);
        agent.upload(source(file, size), BackupMetadata.builder().id(id).name("bench " + file)
                .createdAt(Instant.now()).size(size).sha256("0".repeat(64)).build(), n -> { });
    }

    private static BackupSource source(Path file, long size) {
        return new BackupSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }

    private static long dataBytes(Path repo) throws IOException {
        try (Stream<Path> files = Files.walk(repo.resolve("data"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
