package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Flushes written files to disk (fsync) on a few threads of its own while the extraction goes on writing the next
 * ones: flushing one file after the other on the extracting thread made a restore wait for the disk once per file,
 * most of its time; flushes in parallel are also merged by the file system into fewer journal commits.
 *
 * <p>At most {@link #IN_FLIGHT} files are open for flushing at a time (a writer handing over more waits), so the
 * open files and the memory stay bounded whatever the number of files. {@link #awaitAll()} returns once every file
 * handed over is on disk, or throws the first failure. Used by one extracting thread; the flushing threads stop with
 * {@link #close()}.
 */
final class FileFlusher implements AutoCloseable {
    static final int THREADS = 8;
    static final int IN_FLIGHT = 256;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService threads;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    FileFlusher() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "backup-restore-flush-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes over a written file: flushes it to disk, then closes it.
     *
     * @param channel the file, open; closed by this flusher from now on
     * @param path the file's path, for messages
     * @throws IOException when an earlier flush failed (the channel is then closed), or the wait was interrupted
     */
    void flushAndClose(FileChannel channel, Path path) throws IOException {
        throwFailure(channel);
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new InterruptedIOException("Interrupted while writing " + path);
        }
        threads.execute(() -> {
            try (channel) {
                channel.force(true);
            } catch (IOException e) {
                failure.compareAndSet(null, new IOException("Could not flush " + path + " to disk: "
                        + e.getMessage(), e));
            } finally {
                slots.release();
            }
        });
    }

    /**
     * Waits until every file handed over is flushed and closed.
     *
     * @throws IOException the first flush that failed, or when the wait was interrupted
     */
    void awaitAll() throws IOException {
        try {
            slots.acquire(IN_FLIGHT);
            slots.release(IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while flushing the restored files to disk");
        }
        throwFailure(null);
    }

    private void throwFailure(FileChannel toClose) throws IOException {
        IOException e = failure.get();
        if (e != null) {
            if (toClose != null) {
                toClose.close();
            }
            throw e;
        }
    }

    /** Waits for the flushes under way (their files must be closed before they are deleted), then stops. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(10, TimeUnit.MINUTES)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
