package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Content-defined chunking as restic does it, so that our blobs of a stream equal the blobs {@code restic backup}
 * makes of the same bytes (and deduplicate against them): a Rabin fingerprint over a sliding window of 64 bytes with
 * the repository's polynomial; a chunk ends where the low 20 bits of the fingerprint are zero, but not before 512 KiB
 * and at the latest at 8 MiB. As in restic's chunker, the first 512 KiB - 64 bytes of a chunk are not fingerprinted
 * at all, and the fingerprint restarts from a window holding one byte of value 1 after each cut.
 *
 * <p>Memory: one buffer of at most {@link #MAX_SIZE} bytes, reused for every chunk. Not thread-safe.
 */
final class Chunker {
    static final int MIN_SIZE = 512 * 1024;
    static final int MAX_SIZE = 8 * 1024 * 1024;
    private static final int WINDOW_SIZE = 64;
    private static final long SPLIT_MASK = (1L << 20) - 1;

    private final InputStream in;
    private final long[] outTable = new long[256];
    private final long[] modTable = new long[256];
    private final int polShift;

    private byte[] buffer = new byte[MIN_SIZE];
    /** Where the bytes read beyond the last chunk start in {@link #buffer}, and how many there are. */
    private int carriedFrom;
    private int carried;
    private boolean eof;

    private final byte[] window = new byte[WINDOW_SIZE];
    private int windowPos;
    private long digest;

    Chunker(InputStream in, long polynomial) {
        if (Polynomial.degree(polynomial) < 8 || Polynomial.degree(polynomial) > 53) {
            throw new IllegalArgumentException("The chunker polynomial must have a degree from 8 to 53");
        }
        this.in = in;
        this.polShift = Polynomial.degree(polynomial) - 8;
        fillTables(polynomial);
    }

    private void fillTables(long pol) {
        for (int b = 0; b < 256; b++) {
            long h = appendByte(0, (byte) b, pol);
            for (int i = 0; i < WINDOW_SIZE - 1; i++) {
                h = appendByte(h, (byte) 0, pol);
            }
            outTable[b] = h;
        }
        int k = Polynomial.degree(pol);
        for (int b = 0; b < 256; b++) {
            modTable[b] = Polynomial.mod(((long) b) << k, pol) | (((long) b) << k);
        }
    }

    private static long appendByte(long hash, byte b, long pol) {
        return Polynomial.mod((hash << 8) | (b & 0xff), pol);
    }

    private void resetFingerprint() {
        Arrays.fill(window, (byte) 0);
        window[0] = 1;
        digest = update(outTable[0], (byte) 1);
        windowPos = 1;
    }

    private long update(long d, byte b) {
        int index = (int) (d >>> polShift);
        d = (d << 8) | (b & 0xff);
        return d ^ modTable[index];
    }

    /**
     * A chunk: valid until the next call of {@link Chunker#next()}.
     *
     * @param compressed whether the bytes are compressed already (zstd frames, encrypted data), so that compressing
     *        them again gains nothing
     */
    record Chunk(byte[] data, int length, boolean compressed) {
        Chunk(byte[] data, int length) {
            this(data, length, false);
        }
    }

    /**
     * Reads the next chunk.
     *
     * @return the chunk, or null at the end of the stream (an empty stream has no chunk)
     */
    Chunk next() throws IOException {
        System.arraycopy(buffer, carriedFrom, buffer, 0, carried);
        int length = carried;
        carried = 0;
        carriedFrom = 0;
        // the first MIN_SIZE - WINDOW_SIZE bytes of a chunk never end it and are not fingerprinted
        int pre = MIN_SIZE - WINDOW_SIZE;
        length = fill(length, pre);
        if (length < pre) {
            return length == 0 ? null : new Chunk(buffer, length);
        }
        resetFingerprint();
        int pos = pre;
        long d = digest;
        int wpos = windowPos;
        while (true) {
            if (pos == length) {
                length = fill(length, Math.min(MAX_SIZE, Math.max(length + 64 * 1024, length * 2)));
                if (pos == length) {
                    return new Chunk(buffer, length); // the end of the stream
                }
            }
            byte b = buffer[pos++];
            byte out = window[wpos];
            window[wpos] = b;
            wpos = (wpos + 1) & (WINDOW_SIZE - 1);
            d ^= outTable[out & 0xff];
            d = update(d, b);
            if ((d & SPLIT_MASK) == 0 || pos >= MAX_SIZE) {
                if (pos < MIN_SIZE) {
                    continue;
                }
                // the bytes beyond the cut move to the front on the next call, so the chunk stays valid until then
                carriedFrom = pos;
                carried = length - pos;
                return new Chunk(buffer, pos);
            }
        }
    }

    /** Reads into the buffer, growing it, until it holds {@code want} bytes or the stream ends. */
    private int fill(int length, int want) throws IOException {
        if (want > buffer.length) {
            buffer = Arrays.copyOf(buffer, want);
        }
        if (!eof) {
            int reached = readUpTo(in, buffer, length, want);
            eof = reached < want;
            return reached;
        }
        return length;
    }

    /**
     * Reads into {@code buffer} from {@code from} until {@code to} or the end of the stream.
     *
     * @return where the bytes read end: {@code to}, or less at the end of the stream
     */
    static int readUpTo(InputStream in, byte[] buffer, int from, int to) throws IOException {
        int length = from;
        while (length < to) {
            int n = in.read(buffer, length, to - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        return length;
    }
}
