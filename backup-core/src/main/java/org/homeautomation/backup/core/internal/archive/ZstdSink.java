package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The compressed tar of one content: a sequence of independent zstd frames, cut where {@link FrameBoundaries} finds
 * a boundary in the uncompressed bytes, and before the entry of every file of at least the minimum frame size. An
 * unchanged region of the tar therefore compresses to the same bytes in two backups, which a deduplicating store
 * can share; a sequence of frames is an ordinary zstd stream to every reader.
 *
 * <p>The caller fills the input buffer of the current frame (file data is read straight into it, nothing is copied
 * through the Java heap); the bytes are scanned for a boundary each time the caller asks for more space. When a
 * boundary lies inside what was read, the bytes after it move to the next frame (a native copy of at most one read
 * window). Frames are compressed and written by the archive's {@link FrameCompressor}.
 */
final class ZstdSink {
    /** At most this much is handed out for one read, which bounds what moves to the next frame at a boundary. */
    private static final int READ_WINDOW = 256 << 10;
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final FrameCompressor compressor;
    private final FrameBoundaries boundaries;
    private final int largeFile;
    private final String contentName;
    private FrameCompressor.Frame frame;
    private ByteBuffer input;
    private int scanned;
    private boolean anyFrame;

    ZstdSink(FrameCompressor compressor, FrameSizes sizes, String contentName) throws IOException {
        this.compressor = compressor;
        this.boundaries = new FrameBoundaries(sizes);
        this.largeFile = sizes.min();
        this.contentName = contentName;
        this.frame = compressor.take();
        this.input = frame.input;
    }

    /** @return the input buffer, with room for at least one byte; what the caller puts there gets compressed */
    ByteBuffer space() throws IOException {
        cutAtBoundaries();
        input.limit(Math.min(input.capacity(), input.position() + READ_WINDOW));
        return input;
    }

    void put(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            ByteBuffer space = space();
            int n = Math.min(space.remaining(), bytes.length - offset);
            space.put(bytes, offset, n);
            offset += n;
        }
    }

    void zeros(long count) throws IOException {
        long left = count;
        while (left > 0) {
            ByteBuffer space = space();
            int n = (int) Math.min(Math.min(space.remaining(), left), ZEROS.length);
            space.put(ZEROS, 0, n);
            left -= n;
        }
    }

    /**
     * Tells that a file's entry starts here. Before a large file the frame ends, so that the file's frames start
     * with its header whatever came before it, and an unchanged file compresses to the same bytes.
     */
    void entryStarting(long fileSize) throws IOException {
        cutAtBoundaries();
        if (fileSize >= largeFile && input.position() > 0) {
            endFrame(input.position());
        }
    }

    /** Compresses what is left, writes every frame out and gives the last frame back to the compressor. */
    void finish() throws IOException {
        cutAtBoundaries();
        if (input.position() > 0 || !anyFrame) {
            compressor.submit(frame, contentName);
        } else {
            compressor.giveBack(frame);
        }
        frame = null;
        compressor.drain();
    }

    /* Scans what the caller added since the last call; each boundary found ends a frame. */
    private void cutAtBoundaries() throws IOException {
        while (scanned < input.position()) {
            int end = boundaries.scan(input, scanned, input.position());
            if (end < 0) {
                scanned = input.position();
            } else {
                endFrame(end);
            }
        }
    }

    /* Ends the current frame after its first {@code end} bytes; the rest starts the next frame. */
    private void endFrame(int end) throws IOException {
        FrameCompressor.Frame next = compressor.take();
        int filled = input.position();
        next.input.put(0, input, end, filled - end).position(filled - end);
        input.limit(input.capacity()).position(end);
        compressor.submit(frame, contentName);
        anyFrame = true;
        frame = next;
        input = next.input;
        scanned = 0;
        boundaries.reset();
    }
}
