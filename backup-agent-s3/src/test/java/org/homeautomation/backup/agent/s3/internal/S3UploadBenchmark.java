package org.homeautomation.backup.agent.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;

/**
 * Uploads one file through the agent to an S3 server and prints the throughput, the CPU time of the agent's JVM during
 * the upload and the peak heap, for benchmark/s3/run.sh, which runs the AWS CLI on the same file and server next to
 * it. Not a test: its numbers depend on the machine. Arguments: endpoint, bucket, file, part size in MiB, concurrency,
 * backup id, and optionally a warm-up size in MiB: that many bytes of the file are uploaded (and deleted) first, in
 * the same JVM, so that the timed upload runs as in a runtime that has been up for a while (classes loaded, the JIT
 * compiler done with the upload path) rather than as the first upload after a start.
 */
public final class S3UploadBenchmark {
    private static final long MIB = 1024 * 1024;

    private S3UploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        Path file = Path.of(args[2]);
        TestSettings config = TestSettings.forServer(endpoint, bucket);
        config.partSizeMiB = Integer.parseInt(args[3]);
        config.concurrency = Integer.parseInt(args[4]);
        config.timeoutSeconds = 120;
        String id = args[5];
        long warmUp = args.length > 6 ? Long.parseLong(args[6]) * MIB : 0;
        long size = Files.size(file);
        try (S3BackupAgent agent = new S3BackupAgent(config.settings())) {
            if (warmUp > 0) {
                String warmUpId = id + "-warm-up";
                agent.upload(source(file, Math.min(warmUp, size)), metadata(warmUpId, Math.min(warmUp, size)),
                        bytes -> { });
                agent.delete(warmUpId);
            }
            System.gc();
            long baseline = heapUsed();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            double cpuBefore = ProcessCpu.seconds();
            long start = System.nanoTime();
            agent.upload(source(file, size), metadata(id, size), bytes -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = ProcessCpu.seconds() - cpuBefore;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("agent %d MiB in %.2f s = %.1f MiB/s; CPU %.2f s (warm-up %d MiB); heap before %d MiB,"
                    + " peak %d MiB (max %d MiB); part %d MiB x concurrency %d = %d MiB%n", size >> 20, seconds,
                    (size >> 20) / seconds, cpu, warmUp >> 20, baseline >> 20, peak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, config.partSizeMiB, config.concurrency,
                    config.partSizeMiB * config.concurrency);
        }
    }

    private static BackupMetadata metadata(String id, long size) {
        return BackupMetadata.builder().id(id).name("benchmark").createdAt(Instant.now()).size(size)
                .sha256("0".repeat(64)).build();
    }

    /** The first {@code size} bytes of the file. */
    private static BackupSource source(Path file, long size) {
        return new BackupSource() {
            @Override
            public InputStream open() throws IOException {
                return new BoundedStream(Files.newInputStream(file), size);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public Optional<Path> file() {
                return Optional.empty();
            }
        };
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Ends after {@code limit} bytes of the stream under it. */
    private static final class BoundedStream extends FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            left -= b == -1 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
