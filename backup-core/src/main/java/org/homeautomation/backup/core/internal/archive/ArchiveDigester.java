package org.homeautomation.backup.core.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes the SHA-256 digest of the archive file by reading back finished ranges of it on a thread of its own,
 * while the writer goes on with the next content. A range is handed over only once every byte in it is final (its
 * header patched), and ranges must be handed over in file order without gaps. The bytes are read back from the file
 * (normally still in the page cache) rather than kept, so memory stays bounded whatever the archive's size.
 */
final class ArchiveDigester implements Closeable {
    private static final int BUFFER_SIZE = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ExecutorService executor;
    private final MessageDigest digest;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private long submittedUpTo;
    private Future<?> last;
    /** The first failure of a range; later ranges are not digested after it. Set on the digesting thread. */
    private volatile Exception failure;

    ArchiveDigester(Path file) throws IOException {
        this.file = file;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "backup-archive-sha256");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the bytes {@code [from, to)} of the file, which are final; {@code from} must be where the last ended. */
    void digest(long from, long to) {
        if (from != submittedUpTo || to < from) {
            throw new IllegalStateException("Ranges must follow each other: expected " + submittedUpTo + ", got "
                    + from + ".." + to);
        }
        submittedUpTo = to;
        last = executor.submit(() -> {
            if (failure == null) {
                try {
                    read(from, to);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
        });
    }

    /** Waits until every queued range is digested. @return the digest as 64 lower-case hex digits */
    String finish() throws IOException {
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while computing the SHA-256 digest of " + file);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Digesting failed unexpectedly", e.getCause());
            }
        }
        Exception e = failure;
        if (e instanceof IOException io) {
            throw new IOException("Could not read back " + file + " to compute its SHA-256 digest: "
                    + TargetFile.reason(io), io);
        }
        if (e != null) {
            throw new IllegalStateException("Computing the SHA-256 digest of " + file + " failed", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void read(long from, long to) throws IOException {
        long p = from;
        while (p < to) {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, to - p));
            while (b.hasRemaining()) {
                int n = channel.read(b, p + b.position());
                if (n < 0) {
                    throw new IOException("the file ended at " + (p + b.position()) + ", before " + to);
                }
            }
            digest.update(buffer, 0, b.position());
            p += b.position();
        }
    }

    @Override
    public void close() throws IOException {
        executor.shutdownNow();
        channel.close();
    }
}
