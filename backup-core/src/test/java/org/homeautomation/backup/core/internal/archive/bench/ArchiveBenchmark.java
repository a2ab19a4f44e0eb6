package org.homeautomation.backup.core.internal.archive.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.archive.ArchiveSummary;
import org.homeautomation.backup.core.internal.archive.ArchiveWriter;
import org.homeautomation.backup.core.internal.archive.ContentSource;
import org.homeautomation.backup.core.internal.archive.FrameSizesForMeasurement;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;

/**
 * The Java side of {@code benchmark/archive-benchmark.sh}, also used by {@code LargeFileTest} to write an archive in
 * a JVM with a small heap; not a test itself. Commands:
 * <ul>
 * <li>{@code generate <dir> <size MiB>}: makes the benchmark data set</li>
 * <li>{@code day1 <dir> <size MiB>} and {@code night <copy of day 1>}: the data of the deduplication benchmark
 * ({@link NightlyChanges})</li>
 * <li>{@code frames <archive 1> <archive 2>}: how many of the second archive's zstd frames the first lacks
 * ({@link SharedFrames})</li>
 * <li>{@code write <archive> <level> <workers> <name>=<dir>...}: archives each folder as a content and prints
 * {@code key=value} lines: the time spent in {@link ArchiveWriter#write}, the archive's size and digest, the peak
 * heap use, and CPU times (of the write, and of the whole process)</li>
 * </ul>
 * With {@code -Dbench.repeat=N} the archive is written N times in the same JVM (deleted in between) and the numbers
 * are those of the last time: a JVM that has run the writer before, as a long-running runtime has. With
 * {@code -Dbench.frames=<min>,<average>,<max>} (KiB) the frames have other sizes than the writer's default.
 */
public final class ArchiveBenchmark {
    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("generate")) {
            new DataSetGenerator().generate(Path.of(args[1]), Long.parseLong(args[2]));
        } else if (args.length == 3 && args[0].equals("day1")) {
            new NightlyChanges().dayOne(Path.of(args[1]), Long.parseLong(args[2]));
        } else if (args.length == 2 && args[0].equals("night")) {
            new NightlyChanges().night(Path.of(args[1]));
        } else if (args.length == 3 && args[0].equals("frames")) {
            SharedFrames.compare(Path.of(args[1]), Path.of(args[2]));
        } else if (args.length >= 5 && args[0].equals("write")) {
            List<ContentSource> contents = new ArrayList<>();
            for (String spec : Arrays.asList(args).subList(4, args.length)) {
                int eq = spec.indexOf('=');
                if (eq <= 0) {
                    System.err.println("A content must be given as <name>=<folder>, not " + spec);
                    System.exit(2);
                }
                contents.add(new ContentSource(spec.substring(0, eq), Path.of(spec.substring(eq + 1))));
            }
            write(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), contents);
        } else {
            System.err.println("Usage: ArchiveBenchmark generate <dir> <sizeMiB> | day1 <dir> <sizeMiB>"
                    + " | night <copy of day 1> | frames <archive 1> <archive 2>"
                    + " | write <archive> <level> <workers> <name>=<dir>...");
            System.exit(2);
        }
    }

    private static void write(Path archive, int level, int workers, List<ContentSource> contents)
            throws Exception {
        List<String> names = contents.stream().map(ContentSource::name).toList();
        ArchiveManifest manifest = new ArchiveManifest("benchmark", "Benchmark", Instant.now(), false, 1,
                "benchmark", names, Map.of());
        int repeat = Integer.getInteger("bench.repeat", 1);
        String frames = System.getProperty("bench.frames");
        ArchiveWriter writer = frames == null ? new ArchiveWriter(level, workers, UnreadableFilePolicy.FAIL)
                : FrameSizesForMeasurement.writer(level, workers, frames);
        ArchiveSummary summary = null;
        long nanos = 0;
        long cpuNanos = 0;
        for (int i = 0; i < repeat; i++) {
            Files.deleteIfExists(archive);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            summary = writer.write(archive, manifest, contents);
            nanos = System.nanoTime() - start;
            cpuNanos = processCpuNanos() - cpuStart;
        }
        // Peak use includes garbage not yet collected; use after the last collection is what was still live.
        long peakHeap = 0;
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
                afterGc += pool.getCollectionUsage() == null ? 0 : pool.getCollectionUsage().getUsed();
            }
        }
        System.out.printf("write_seconds=%.3f%n", nanos / 1e9);
        System.out.printf("write_cpu_seconds=%.3f%n", cpuNanos / 1e9);
        System.out.println("archive_bytes=" + summary.size());
        System.out.println("sha256=" + summary.sha256Hex());
        System.out.println("warnings=" + summary.warnings().size());
        System.out.println("peak_heap_bytes=" + peakHeap);
        System.out.println("heap_after_last_gc_bytes=" + afterGc);
        System.out.println("max_heap_bytes=" + Runtime.getRuntime().maxMemory());
        System.out.printf("process_cpu_seconds=%.3f%n", processCpuNanos() / 1e9);
    }

    /* The process's CPU time so far, zstd's worker threads and the JIT compilers included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
