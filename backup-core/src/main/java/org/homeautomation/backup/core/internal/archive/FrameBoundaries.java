package org.homeautomation.backup.core.internal.archive;

import java.nio.ByteBuffer;

/**
 * Finds where a frame ends, from the content alone: a gear hash (as in FastCDC) rolls over the bytes of the frame
 * once it is {@code min} long, and the frame ends after the first byte where the hash's top bits are all zero, or at
 * {@code max}. Each byte shifts the hash left by one, so the hash depends on the last 64 bytes only: the same bytes
 * after the same frame start give the same boundaries, however they arrive, and an insertion moves boundaries only
 * until the first boundary after it. As in FastCDC's normalized chunking, the test is stricter (two more bits)
 * before the average size and looser (two fewer) after it, which narrows the spread of frame lengths.
 *
 * <p>Not thread-safe; one per content being written.
 */
final class FrameBoundaries {
    private static final long[] GEAR = gearTable();
    private static final int SCRATCH = 16 << 10;

    private final int min;
    private final int average;
    private final int max;
    private final long strictMask;
    private final long looseMask;
    private final byte[] scratch = new byte[SCRATCH];
    private long hash;
    private int length;

    FrameBoundaries(FrameSizes sizes) {
        this.min = sizes.min();
        this.average = sizes.average();
        this.max = sizes.max();
        // Frames end on average about (average - min) bytes after the hash starts: that many values of the mask.
        int bits = 63 - Long.numberOfLeadingZeros(average - min);
        this.strictMask = topBits(bits + 2);
        this.looseMask = topBits(bits - 2);
    }

    /** Starts a new frame: the bytes seen so far belong to the one that ended. */
    void reset() {
        hash = 0;
        length = 0;
    }

    /** @return how many bytes the current frame holds, as far as {@link #scan} has seen */
    int length() {
        return length;
    }

    /**
     * Takes in {@code buffer}'s bytes from {@code from} (inclusive) to {@code to} (exclusive), which follow the
     * bytes taken in before, and stops after the first byte that ends the frame.
     *
     * @return the index after the byte that ends the frame, or -1 when none of these bytes ends it; in either case
     *         the bytes up to there are taken in, and after a boundary the caller calls {@link #reset()}
     */
    int scan(ByteBuffer buffer, int from, int to) {
        int at = from;
        if (length < min) {
            int skip = Math.min(to - at, min - length);
            length += skip;
            at += skip;
        }
        while (at < to) {
            int n = Math.min(Math.min(to - at, SCRATCH), max - length);
            buffer.get(at, scratch, 0, n);
            int end = roll(n);
            if (end >= 0) {
                return at + end;
            }
            at += n;
        }
        return -1;
    }

    /* Rolls over scratch[0, n); returns the count of bytes up to the boundary, or -1. Hot: keep it plain. */
    private int roll(int n) {
        long h = hash;
        int i = 0;
        int strict = Math.min(n, Math.max(0, average - length));
        for (; i < strict; i++) {
            h = (h << 1) + GEAR[scratch[i] & 0xff];
            if ((h & strictMask) == 0) {
                length += i + 1;
                return i + 1;
            }
        }
        for (; i < n; i++) {
            h = (h << 1) + GEAR[scratch[i] & 0xff];
            if ((h & looseMask) == 0) {
                length += i + 1;
                return i + 1;
            }
        }
        hash = h;
        length += n;
        return length == max ? n : -1;
    }

    private static long topBits(int count) {
        return -1L << (64 - count);
    }

    /*
     * Fixed pseudo-random values (SplitMix64 from a fixed seed), so that every version of the writer finds the same
     * boundaries in the same bytes: changing them would make a new backup share nothing with older ones.
     */
    private static long[] gearTable() {
        long[] table = new long[256];
        long state = 0x6261636b75702d31L;
        for (int i = 0; i < table.length; i++) {
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            table[i] = z ^ (z >>> 31);
        }
        return table;
    }
}
