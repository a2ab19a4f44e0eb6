package org.homeautomation.backup.agent.testkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.homeautomation.backup.api.BackupSource;

/**
 * A {@link BackupSource} over a {@link TestArchive} that counts how often it is opened, tracks whether the agent
 * closes what it opened, and fails or pauses on purpose.
 */
public final class ArchiveSource implements BackupSource {
    private final TestArchive archive;
    private final Path file;
    private final Fault fault;
    private final AtomicInteger opens = new AtomicInteger();
    private final Set<InputStream> unclosed = ConcurrentHashMap.newKeySet();

    private ArchiveSource(TestArchive archive, Path file, Fault fault) {
        this.archive = archive;
        this.file = file;
        this.fault = fault;
    }

    /**
     * @param archive the archive
     * @return a source that always works and offers no file
     */
    public static ArchiveSource of(TestArchive archive) {
        return new ArchiveSource(archive, null, (number, in) -> in);
    }

    /**
     * Writes the archive to {@code file} and offers it through {@link #file()}; {@link #open()} reads the file.
     *
     * @param archive the archive
     * @param file where to write it
     * @return the source
     * @throws IOException when the file cannot be written
     */
    public static ArchiveSource ofFile(TestArchive archive, Path file) throws IOException {
        archive.writeTo(file);
        return new ArchiveSource(archive, file, (number, in) -> in);
    }

    /**
     * @param archive the archive
     * @param failures how many of the first {@link #open()} calls throw {@link IOException}
     * @return the source
     */
    public static ArchiveSource failingFirstOpens(TestArchive archive, int failures) {
        return new ArchiveSource(archive, null, (number, in) -> {
            if (number <= failures) {
                in.close();
                throw new IOException("Simulated failure to open the archive (open #" + number + ")");
            }
            return in;
        });
    }

    /**
     * @param archive the archive
     * @param afterBytes how many bytes a failing stream delivers before it throws {@link IOException}
     * @param failures how many of the first streams fail; {@link Integer#MAX_VALUE} for all
     * @return the source
     */
    public static ArchiveSource breakingFirstStreams(TestArchive archive, long afterBytes, int failures) {
        return new ArchiveSource(archive, null,
                (number, in) -> number <= failures ? new BreakingStream(in, afterBytes, number) : in);
    }

    /**
     * @param archive the archive
     * @param pause where the first stream to get there stops, until the test resumes it
     * @return the source
     */
    public static ArchiveSource pausing(TestArchive archive, Pause pause) {
        return new ArchiveSource(archive, null, (number, in) -> new PausingStream(in, pause));
    }

    @Override
    public InputStream open() throws IOException {
        int number = opens.incrementAndGet();
        InputStream plain = file == null ? archive.newStream() : Files.newInputStream(file);
        InputStream tracked = new TrackedStream(fault.apply(number, plain));
        unclosed.add(tracked);
        return tracked;
    }

    @Override
    public long size() {
        return archive.size();
    }

    @Override
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** @return how often {@link #open()} was called */
    public int opens() {
        return opens.get();
    }

    /** @return how many streams returned by {@link #open()} are not closed yet */
    public int unclosedStreams() {
        return unclosed.size();
    }

    @FunctionalInterface
    private interface Fault {
        InputStream apply(int openNumber, InputStream in) throws IOException;
    }

    private final class TrackedStream extends FilterInputStream {
        TrackedStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            unclosed.remove(this);
            super.close();
        }
    }

    /**
     * Counts the bytes it delivers and stops each read at {@link #boundary()}, so that the subclass acts exactly
     * there, in {@link #beforeRead()}.
     */
    private abstract static class OffsetStream extends FilterInputStream {
        long delivered;

        OffsetStream(InputStream in) {
            super(in);
        }

        /** Runs before every read and skip, when {@link #delivered} bytes have gone. */
        abstract void beforeRead() throws IOException;

        /** @return the offset reads stop at; once it is passed, reads are not cut short */
        abstract long boundary();

        private long allowed(long wanted) {
            long boundary = boundary();
            return delivered < boundary ? Math.min(wanted, boundary - delivered) : wanted;
        }

        @Override
        public int read() throws IOException {
            beforeRead();
            int b = super.read();
            if (b >= 0) {
                delivered++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            beforeRead();
            int n = super.read(b, off, (int) allowed(len));
            if (n > 0) {
                delivered += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            beforeRead();
            long skipped = super.skip(allowed(n));
            delivered += skipped;
            return skipped;
        }
    }

    /** Delivers {@code afterBytes} bytes, then fails every read. */
    private static final class BreakingStream extends OffsetStream {
        private final long afterBytes;
        private final int openNumber;

        BreakingStream(InputStream in, long afterBytes, int openNumber) {
            super(in);
            this.afterBytes = afterBytes;
            this.openNumber = openNumber;
        }

        @Override
        void beforeRead() throws IOException {
            if (delivered >= afterBytes) {
                throw new IOException("Simulated read failure after " + afterBytes + " bytes (open #" + openNumber
                        + ")");
            }
        }

        @Override
        long boundary() {
            return afterBytes;
        }
    }

    /** Delivers bytes up to the pause's offset, holds there if it is the first stream to arrive, then goes on. */
    private static final class PausingStream extends OffsetStream {
        private final Pause pause;

        PausingStream(InputStream in, Pause pause) {
            super(in);
            this.pause = pause;
        }

        @Override
        void beforeRead() throws IOException {
            if (delivered == pause.offset() && pause.claim()) {
                pause.hold();
            }
        }

        @Override
        long boundary() {
            return pause.offset();
        }
    }
}
