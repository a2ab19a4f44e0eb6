package org.homeautomation.backup.core.internal.restore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.ArchiveLayout;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.archive.ArchiveSummary;
import org.homeautomation.backup.core.internal.archive.ArchiveWriter;
import org.homeautomation.backup.core.internal.archive.ContentSource;
import org.homeautomation.backup.core.internal.archive.PathExcluder;
import org.homeautomation.backup.core.internal.archive.ProtectedArchive;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.participants.ParticipantCalls;
import org.homeautomation.backup.core.internal.restore.BackupRestore;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The Java side of {@code benchmark/restore-benchmark.sh}.
 * <ul>
 * <li>{@code write <archive> <password|-> <name>=<folder>...}: writes a backup archive of the folders (zstd level 3,
 * one worker per core), protected with the password unless it is {@code -}, and prints {@code size=} and
 * {@code sha256=}</li>
 * <li>{@code restore <archive> <size> <sha256> <password|-> <staging> <name>=<live folder>...}: restores it with
 * {@link BackupRestore}, as the manager does, from an agent that streams the archive file, and prints
 * {@code restore_seconds=} (until the restore returned), {@code jvm_start_to_restored_seconds=} (the same from the
 * JVM's start), {@code old_trees_deleted_seconds=} (until the old trees,
 * deleted in the background, were gone) and the heap peak. With {@code -Dbench.stages=true} it also prints when each stage of the
 * restore began, to standard error.</li>
 * </ul>
 * The password comes from the environment variable {@code RESTORE_BENCH_PASSWORD} when the argument is {@code env}.
 */
public final class RestoreBenchmark {
    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("write")) {
            write(Path.of(args[1]), password(args[2]), folders(args, 3));
        } else if (args.length >= 7 && args[0].equals("restore")) {
            restore(Path.of(args[1]), Long.parseLong(args[2]), args[3], password(args[4]), Path.of(args[5]),
                    folders(args, 6));
        } else {
            System.err.println("Usage: RestoreBenchmark write <archive> <password|-|env> <name>=<folder>..."
                    + " | restore <archive> <size> <sha256> <password|-|env> <staging> <name>=<folder>...");
            System.exit(2);
        }
    }

    private static char[] password(String arg) {
        if (arg.equals("-")) {
            return null;
        }
        return (arg.equals("env") ? System.getenv("RESTORE_BENCH_PASSWORD") : arg).toCharArray();
    }

    private static Map<String, Path> folders(String[] args, int from) {
        Map<String, Path> folders = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("A content must be given as <name>=<folder>, not " + args[i]);
            }
            folders.put(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)));
        }
        return folders;
    }

    private static void write(Path archive, char[] password, Map<String, Path> folders) throws Exception {
        List<ContentSource> contents = new ArrayList<>();
        folders.forEach((name, folder) -> contents.add(new ContentSource(name, folder)));
        ArchiveManifest manifest = new ArchiveManifest("restore-benchmark", "Restore benchmark", Instant.now(), false,
                1, "benchmark", List.copyOf(folders.keySet()), Map.of());
        ArchiveWriter writer = new ArchiveWriter(3, Runtime.getRuntime().availableProcessors(),
                UnreadableFilePolicy.FAIL);
        Files.deleteIfExists(archive);
        if (password == null) {
            ArchiveSummary summary = writer.write(archive, manifest, contents);
            System.out.println("size=" + summary.size());
            System.out.println("sha256=" + summary.sha256Hex());
            return;
        }
        Path plain = archive.resolveSibling(archive.getFileName() + ".plain");
        writer.write(plain, manifest, contents);
        try (ProtectedArchive protectedArchive = new ProtectedArchive(ArchiveLayout.read(plain), password,
                ProtectedArchive.DEFAULT_WORK_FACTOR, new SecureRandom());
                InputStream in = protectedArchive.open(); OutputStream out = Files.newOutputStream(archive)) {
            in.transferTo(out);
            System.out.println("size=" + protectedArchive.size());
            System.out.println("sha256=" + protectedArchive.sha256Hex());
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    private static void restore(Path archive, long size, String sha256, char[] password, Path staging,
            Map<String, Path> folders) throws Exception {
        ArchiveManifest manifest = ArchiveLayout.read(archive).manifest();
        BackupMetadata metadata = manifest.toMetadata(size, sha256);
        BackupAgent agent = new FileAgent(archive, metadata);
        TrackedAgent tracked = new TrackedAgent(agent.id(), agent.name(), "benchmark", 0, 1, agent);
        ExecutorService executor = Executors.newCachedThreadPool();
        EventPublisher events = new EventPublisher();
        long start = System.nanoTime();
        if (Boolean.getBoolean("bench.stages")) {
            events.setEventAdmin(new StageClock(start));
        }
        BackupRestore.Plan plan = new BackupRestore.Plan(metadata, tracked, List.copyOf(folders.keySet()), folders,
                PathExcluder.of(List.of(), List.of(staging)), List.of(), Map.of(), staging,
                Password.of(password));
        new BackupRestore(plan, new BackupRestore.Services(executor, new ParticipantCalls(executor,
                Duration.ofSeconds(60)), events, AgeDecryptingInputStream.DEFAULT_MAX_LOG_N)).run();
        long nanos = System.nanoTime() - start;
        // From the JVM's start: the stock tools' time includes starting them too.
        long sinceJvmStartMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        // The old trees are deleted after the restore has returned, on a thread of the restore's own.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        for (Path live : folders.values()) {
            Path rollback = live.resolveSibling(live.getFileName() + ".rollback-" + metadata.id());
            while (Files.exists(rollback, LinkOption.NOFOLLOW_LINKS) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        long deletedNanos = System.nanoTime() - start;
        executor.shutdownNow();
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("restore_seconds=%.3f%n", nanos / 1e9);
        System.out.printf("jvm_start_to_restored_seconds=%.3f%n", sinceJvmStartMillis / 1e3);
        System.out.printf("old_trees_deleted_seconds=%.3f%n", deletedNanos / 1e9);
        System.out.println("peak_heap_bytes=" + peakHeap);
        System.out.println("max_heap_bytes=" + Runtime.getRuntime().maxMemory());
    }

    /** Prints when each stage of the restore begins. */
    private record StageClock(long start) implements EventAdmin {
        @Override
        public void postEvent(Event event) {
            sendEvent(event);
        }

        @Override
        public void sendEvent(Event event) {
            if (event.getTopic().equals(BackupEvents.TOPIC_RESTORE)) {
                System.err.printf("stage %-12s at %6.3f s%n", event.getProperty(BackupEvents.STAGE),
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Holds one archive file, as the local agent does: a download streams the file. */
    private record FileAgent(Path archive, BackupMetadata metadata) implements BackupAgent {
        @Override
        public String id() {
            return "bench";
        }

        @Override
        public String name() {
            return "Benchmark";
        }

        @Override
        public void upload(BackupSource source, BackupMetadata m, UploadProgress progress) {
            throw new UnsupportedOperationException("the benchmark agent only restores");
        }

        @Override
        public InputStream download(String backupId) throws BackupAgentException {
            try {
                return Files.newInputStream(archive);
            } catch (IOException e) {
                throw new BackupAgentException("Cannot read " + archive + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void delete(String backupId) {
            throw new UnsupportedOperationException("the benchmark agent only restores");
        }

        @Override
        public List<BackupMetadata> list() {
            return List.of(metadata);
        }

        @Override
        public BackupMetadata get(String backupId) {
            return metadata;
        }
    }
}
