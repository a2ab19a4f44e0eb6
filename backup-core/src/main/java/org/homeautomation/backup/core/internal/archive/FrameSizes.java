package org.homeautomation.backup.core.internal.archive;

/**
 * The limits of the zstd frames a content is cut into, in bytes of the uncompressed tar: no frame is shorter than
 * {@code min} (except the last of a content and one that ends where a large file starts) or longer than
 * {@code max}; content-defined boundaries give frames of about {@code average}. Why these values: see "Frames" in
 * {@code docs/archive-format.md}.
 */
record FrameSizes(int min, int average, int max) {
    /** Chosen by measurement with restic; see {@code docs/archive-format.md}. */
    static final FrameSizes DEFAULT = new FrameSizes(128 << 10, 512 << 10, 2 << 20);

    FrameSizes {
        if (min < 64 || average < 2 * min || Integer.bitCount(average) != 1 || max < 2 * average) {
            throw new IllegalArgumentException("Frame sizes need 64 <= min, 2 * min <= average (a power of two)"
                    + " and 2 * average <= max; were " + min + ", " + average + ", " + max);
        }
    }
}
