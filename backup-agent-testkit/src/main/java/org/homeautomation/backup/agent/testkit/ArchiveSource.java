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

    /** Delivers {@code afterBytes} bytes, then throws on every read. */
    private static final class BreakingStream extends FilterInputStream {
        private final long afterBytes;
        private final int openNumber;
        private long delivered;

        BreakingStream(InputStream in, long afterBytes, int openNumber) {
            super(in);
            this.afterBytes = afterBytes;
            this.openNumber = openNumber;
        }

        @Override
        public int read() throws IOException {
            failWhenExhausted();
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
            failWhenExhausted();
            int n = super.read(b, off, (int) Math.min(len, afterBytes - delivered));
            if (n > 0) {
                delivered += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            failWhenExhausted();
            long skipped = super.skip(Math.min(n, afterBytes - delivered));
            delivered += skipped;
            return skipped;
        }

        private void failWhenExhausted() throws IOException {
            if (delivered >= afterBytes) {
                throw new IOException("Simulated read failure after " + afterBytes + " bytes (open #" + openNumber
                        + ")");
            }
        }
    }

    /** Delivers bytes up to the pause's offset, holds there if it is the first stream to arrive, then goes on. */
    private static final class PausingStream extends FilterInputStream {
        private final Pause pause;
        private long delivered;

        PausingStream(InputStream in, Pause pause) {
            super(in);
            this.pause = pause;
        }

        @Override
        public int read() throws IOException {
            holdAtOffset();
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
            holdAtOffset();
            int allowed = delivered < pause.offset() ? (int) Math.min(len, pause.offset() - delivered) : len;
            int n = super.read(b, off, allowed);
            if (n > 0) {
                delivered += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            holdAtOffset();
            long allowed = delivered < pause.offset() ? Math.min(n, pause.offset() - delivered) : n;
            long skipped = super.skip(allowed);
            delivered += skipped;
            return skipped;
        }

        private void holdAtOffset() throws IOException {
            if (delivered == pause.offset() && pause.claim()) {
                pause.hold();
            }
        }
    }
}
