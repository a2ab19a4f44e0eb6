package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The content-defined frame boundaries: they depend on the bytes only, not on how the bytes arrive, and an
 * insertion or a change moves only the boundaries around it.
 */
class FrameBoundariesTest {
    private static final FrameSizes SIZES = FrameSizes.DEFAULT;

    @Test
    void framesKeepWithinTheLimitsAndAverageAboutTheTarget() {
        List<Integer> lengths = lengths(cuts(textLike(64 << 20, 1), Integer.MAX_VALUE, 0));
        lengths.remove(lengths.size() - 1);
        for (int length : lengths) {
            assertTrue(length >= SIZES.min() && length <= SIZES.max(), "frame of " + length + " bytes");
        }
        double mean = lengths.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertTrue(mean > SIZES.average() * 0.7 && mean < SIZES.average() * 1.4,
                "mean frame length " + mean + " for " + lengths.size() + " frames");
    }

    @Test
    void boundariesDoNotDependOnHowTheBytesArrive() {
        byte[] data = textLike(24 << 20, 2);
        List<Integer> whole = cuts(data, Integer.MAX_VALUE, 0);
        assertTrue(whole.size() > 10, "only " + whole.size() + " frames");
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(whole, cuts(data, 70_000, seed), "read sizes from seed " + seed);
        }
        assertEquals(whole, cuts(data, 1, 0), "one byte at a time");
    }

    @Test
    void anInsertionNearTheStartChangesOnlyTheFramesAroundIt() {
        byte[] data = textLike(32 << 20, 3);
        byte[] inserted = new byte[data.length + 100];
        int at = 300_000;
        System.arraycopy(data, 0, inserted, 0, at);
        Arrays.fill(inserted, at, at + 100, (byte) 'X');
        System.arraycopy(data, at, inserted, at + 100, data.length - at);

        List<byte[]> before = frames(data);
        List<byte[]> after = frames(inserted);
        int changed = notIn(after, before);
        assertTrue(changed >= 1 && changed <= 2, changed + " of " + after.size() + " frames changed");
        assertEquals(before.size(), after.size() - changed + notIn(before, after), "frame counts");
    }

    @Test
    void aChangeInTheMiddleChangesOnlyTheFramesAroundIt() {
        byte[] data = textLike(32 << 20, 4);
        byte[] changed = data.clone();
        for (int i = 0; i < 2000; i++) {
            changed[(16 << 20) + i] ^= 0x5a;
        }
        List<byte[]> after = frames(changed);
        int differing = notIn(after, frames(data));
        assertTrue(differing >= 1 && differing <= 2, differing + " of " + after.size() + " frames changed");
    }

    @Test
    void runsOfOneByteValueAreCutIntoEqualFrames() {
        byte[] zeros = new byte[20 << 20];
        List<Integer> lengths = lengths(cuts(zeros, Integer.MAX_VALUE, 0));
        assertEquals(1, new HashSet<>(lengths.subList(0, lengths.size() - 1)).size(), "lengths " + lengths);
    }

    @Test
    void inconsistentSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FrameSizes(1 << 20, 1 << 20, 4 << 20));
        assertThrows(IllegalArgumentException.class, () -> new FrameSizes(1 << 10, 3 << 10, 16 << 10));
        assertThrows(IllegalArgumentException.class, () -> new FrameSizes(1 << 10, 4 << 10, 6 << 10));
    }

    /*
     * Feeds data through a direct buffer the size of the largest frame, in reads of random lengths up to maxRead,
     * moving the bytes after a boundary to the buffer's start, as ZstdSink does; returns the end of every frame.
     */
    static List<Integer> cuts(byte[] data, int maxRead, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        FrameBoundaries boundaries = new FrameBoundaries(SIZES);
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZES.max());
        List<Integer> cuts = new ArrayList<>();
        int frameStart = 0;
        int fed = 0;
        int scanned = 0;
        while (fed < data.length) {
            int room = Math.min(buffer.remaining(), data.length - fed);
            int n = maxRead == Integer.MAX_VALUE ? room : Math.min(room, 1 + random.nextInt(maxRead));
            buffer.put(data, fed, n);
            fed += n;
            while (scanned < buffer.position()) {
                int end = boundaries.scan(buffer, scanned, buffer.position());
                if (end < 0) {
                    scanned = buffer.position();
                } else {
                    frameStart += end;
                    cuts.add(frameStart);
                    buffer.limit(buffer.position()).position(end);
                    buffer.compact();
                    boundaries.reset();
                    scanned = 0;
                }
            }
        }
        if (frameStart < data.length) {
            cuts.add(data.length);
        }
        return cuts;
    }

    private static List<Integer> lengths(List<Integer> cuts) {
        List<Integer> lengths = new ArrayList<>();
        int start = 0;
        for (int cut : cuts) {
            lengths.add(cut - start);
            start = cut;
        }
        return lengths;
    }

    private static List<byte[]> frames(byte[] data) {
        List<byte[]> frames = new ArrayList<>();
        int start = 0;
        for (int cut : cuts(data, Integer.MAX_VALUE, 0)) {
            frames.add(Arrays.copyOfRange(data, start, cut));
            start = cut;
        }
        return frames;
    }

    /* How many of {@code frames} do not occur in {@code others}. */
    static int notIn(List<byte[]> frames, List<byte[]> others) {
        Set<ByteBuffer> known = new HashSet<>();
        for (byte[] f : others) {
            known.add(ByteBuffer.wrap(f));
        }
        return (int) frames.stream().filter(f -> !known.contains(ByteBuffer.wrap(f))).count();
    }

    /* Text-like bytes: words from a small vocabulary with random numbers, as in configuration files and logs. */
    static byte[] textLike(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = {"item", "state", "ON", "OFF", "zwave", "temperature", "=", "\n", "sensor", "2025-03-04T"};
        StringBuilder text = new StringBuilder(size + 64);
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(' ').append(random.nextInt(100_000));
        }
        return text.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
