package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hashes, compresses and seals the data blobs of a stream on worker threads while the caller reads (and chunks) the
 * next ones, and hands them back in the stream's order. A blob that is compressed already (a zstd frame of an
 * archive) is sealed as it is: zstd would spend as long on it as on the rest of the work and gain nothing. Only a blob that {@code claim} accepts (one the repository
 * does not hold yet) is compressed and sealed; the others come back as their id alone.
 *
 * <p>Memory: the blobs in flight, at most {@link #MAX_BYTES_IN_FLIGHT} of plaintext (or one blob, if larger), each
 * with its sealed copy. Used by one thread; the workers end with {@link #close()}.
 */
final class BlobSealer implements AutoCloseable {
    /** Enough to keep every worker busy with a few blobs (an archive's frames are 100 KiB to 2 MiB). */
    static final long MAX_BYTES_IN_FLIGHT = 8L * 1024 * 1024;
    private static final AtomicInteger SEALERS = new AtomicInteger();

    /**
     * A blob of the stream, in order: its id and plaintext length, and its sealed (encrypted) bytes, or null when the
     * repository holds it already or another blob of this upload carries it; {@code zstd} when the sealed bytes are
     * zstd-compressed, as restic stores blobs in a version 2 repository, false when stored as they are.
     */
    record SealedBlob(String id, int length, byte[] sealed, boolean zstd) {
    }

    private final MasterKey key;
    private final Predicate<String> claim;
    private final ExecutorService workers;
    private final ArrayDeque<Future<SealedBlob>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Integer> lengths = new ArrayDeque<>();
    private long bytesInFlight;

    /**
     * @param claim called once per blob id by a worker thread: true when this blob is to be stored (thread-safe)
     * @param threads the number of worker threads
     */
    BlobSealer(MasterKey key, Predicate<String> claim, int threads) {
        this.key = key;
        this.claim = claim;
        int number = SEALERS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "restic-blob-sealer-" + number + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(threads, factory);
    }

    /**
     * Hands a blob to the workers (copying it: the caller may reuse its buffer), and passes on, in order, the blobs
     * that are sealed already and those that must be waited for to keep the bytes in flight bounded. Passing sealed
     * blobs on at once keeps what is stored close behind what was read, for a source that stalls or a process that
     * is killed.
     */
    void submit(byte[] data, int length, boolean compressed, Consumer<SealedBlob> done) throws IOException {
        while (!inFlight.isEmpty() && bytesInFlight + length > MAX_BYTES_IN_FLIGHT) {
            done.accept(takeOldest());
        }
        byte[] copy = Arrays.copyOf(data, length);
        inFlight.add(workers.submit(() -> seal(copy, compressed)));
        lengths.add(length);
        bytesInFlight += length;
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            done.accept(takeOldest());
        }
    }

    /** Waits for every blob in flight and passes them on in order. */
    void drain(Consumer<SealedBlob> done) throws IOException {
        while (!inFlight.isEmpty()) {
            done.accept(takeOldest());
        }
    }

    private SealedBlob takeOldest() throws IOException {
        Future<SealedBlob> oldest = inFlight.remove();
        bytesInFlight -= lengths.remove();
        try {
            return oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a blob to be sealed");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("A blob could not be sealed: " + e.getCause(), e.getCause());
        }
    }

    /** @param compressed whether the bytes are compressed already: then they are sealed as they are */
    private SealedBlob seal(byte[] plain, boolean compressed) throws IOException {
        String id = Ids.hash(plain);
        if (!claim.test(id)) {
            return new SealedBlob(id, plain.length, null, false);
        }
        if (compressed) {
            return new SealedBlob(id, plain.length, key.seal(plain), false);
        }
        return new SealedBlob(id, plain.length, PackWriter.seal(key, plain, plain.length), true);
    }

    /** Stops the workers; blobs still in flight are dropped. */
    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        workers.shutdownNow();
    }
}
