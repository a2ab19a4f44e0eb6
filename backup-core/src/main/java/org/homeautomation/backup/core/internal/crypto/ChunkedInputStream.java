package org.homeautomation.backup.core.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream that hands out one buffered chunk at a time: subclasses produce the next chunk in {@link #fill()},
 * this class serves reads from it.
 */
abstract class ChunkedInputStream extends InputStream {
    /** The chunk being returned, from {@link #position} to {@link #limit}. */
    byte[] chunk;
    int position;
    int limit;
    boolean closed;

    /**
     * Makes sure {@link #position} is below {@link #limit}, producing the next chunk when needed.
     *
     * @return false at the end of the stream
     * @throws IOException when the next chunk cannot be produced, or the stream is closed
     */
    abstract boolean fill() throws IOException;

    /** Wipes the keys and buffers and closes the underlying stream; called once, by {@link #close()}. */
    abstract void release() throws IOException;

    @Override
    public final int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return chunk[position++] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(chunk, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public final int available() {
        return closed ? 0 : limit - position;
    }

    @Override
    public final void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }
}
