package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead on a thread of its own, so that producing its bytes (reading and digesting the archive,
 * decrypting, decompressing) runs beside consuming them (checking entries and writing files): one stage per thread, as
 * the stock {@code tar | zstd -d | tar -x} pipeline runs one stage per process.
 *
 * <p>At most {@link #CHUNKS} chunks of {@link #CHUNK} bytes are read ahead: memory is bounded whatever the stream's
 * length. A failure of the source is thrown by the read that reaches it, as it was thrown. {@link #close()} stops the
 * reading thread and waits for it (it is never interrupted: an interrupt would close a file channel under it), then
 * closes the source; until then the source is the reading thread's alone. One consumer thread.
 */
final class ReadAheadInputStream extends InputStream {
    static final int CHUNK = 1 << 18;
    static final int CHUNKS = 4;
    private static final long JOIN_MILLIS = 10;

    /** A chunk of data, the end, or the source's failure. */
    private record Chunk(byte[] data, int length, IOException failure) {
        static final Chunk END = new Chunk(null, -1, null);
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final Thread reader;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    /**
     * Starts reading {@code source} ahead.
     *
     * @param source the stream; from now on read by this stream's thread only, closed by {@link #close()}
     * @param name names the reading thread
     */
    ReadAheadInputStream(InputStream source, String name) {
        this.source = Objects.requireNonNull(source, "source");
        for (int i = 0; i < CHUNKS + 1; i++) {
            free.add(new byte[CHUNK]);
        }
        reader = new Thread(this::readAhead, name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            while (!closed) {
                byte[] buffer = free.take();
                int n = source.readNBytes(buffer, 0, buffer.length);
                if (n > 0) {
                    filled.put(new Chunk(buffer, n, null));
                }
                if (n < buffer.length) {
                    filled.put(Chunk.END);
                    return;
                }
            }
        } catch (IOException e) {
            putQuietly(new Chunk(null, -1, e));
        } catch (RuntimeException e) {
            putQuietly(new Chunk(null, -1, new IOException(e.toString(), e)));
        } catch (InterruptedException e) {
            // only close() ends the reading; nobody interrupts this thread
            Thread.currentThread().interrupt();
        }
    }

    private void putQuietly(Chunk chunk) {
        try {
            filled.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!available(true)) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.data(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return available(false) ? current.length() - position : 0;
    }

    /** @return whether bytes are in the current chunk, after taking the next one if it is used up */
    private boolean available(boolean wait) throws IOException {
        if (closed) {
            throw new IOException("The stream is closed");
        }
        if (current != null && current.data() != null && position < current.length()) {
            return true;
        }
        if (current == Chunk.END) {
            return false;
        }
        if (current != null && current.failure() != null) {
            throw current.failure();
        }
        if (current != null) {
            free.add(current.data());
            current = null;
        }
        Chunk next;
        try {
            next = wait ? filled.take() : filled.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading");
        }
        if (next == null) {
            return false;
        }
        current = next;
        position = 0;
        if (next.failure() != null) {
            throw next.failure();
        }
        return next != Chunk.END;
    }

    /** Stops the reading thread, waits for it, then closes the source. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (reader.isAlive()) {
                // Make room, so that a reading thread waiting to hand over a chunk sees that it is closed.
                Chunk c;
                while ((c = filled.poll()) != null) {
                    if (c.data() != null) {
                        free.offer(c.data());
                    }
                }
                reader.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while stopping to read ahead");
        } finally {
            if (!reader.isAlive()) {
                source.close();
            }
        }
    }
}
