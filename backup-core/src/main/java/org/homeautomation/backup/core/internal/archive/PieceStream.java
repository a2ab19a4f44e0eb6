package org.homeautomation.backup.core.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One stream made of pieces opened one after the other, each only when the one before is used up, so that an
 * archive can be produced on the fly from headers, file ranges and transformed streams.
 */
final class PieceStream extends InputStream {

    /** Opens one piece when its turn comes. */
    @FunctionalInterface
    interface Piece {
        InputStream open() throws IOException;
    }

    private final Deque<Piece> pending;
    private final Closeable onClose;
    private InputStream current;
    private boolean closed;

    PieceStream(List<Piece> pieces) {
        this(pieces, () -> {
        });
    }

    /** @param onClose closed last when this stream is closed, for example the source all pieces read from */
    PieceStream(List<Piece> pieces, Closeable onClose) {
        this.pending = new ArrayDeque<>(pieces);
        this.onClose = onClose;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("The stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (current == null) {
                Piece next = pending.poll();
                if (next == null) {
                    return -1;
                }
                current = next.open();
            }
            int n = current.read(b, off, len);
            if (n >= 0) {
                return n;
            }
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        try (Closeable last = onClose) {
            if (current != null) {
                InputStream c = current;
                current = null;
                c.close();
            }
        }
    }
}
