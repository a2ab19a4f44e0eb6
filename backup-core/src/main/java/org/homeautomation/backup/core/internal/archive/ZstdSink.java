package org.homeautomation.backup.core.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * One zstd frame, compressed from a direct input buffer that the caller fills (file data is read straight into it)
 * and appended to the archive file from a direct output buffer, so no byte is copied through the Java heap. With
 * workers, zstd compresses on its own threads while the caller reads on; the frame carries a content checksum, which
 * {@code zstd -d} and {@code zstd -t} verify.
 */
final class ZstdSink implements Closeable {
    private static final int BUFFER_SIZE = 1 << 20;
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final ZstdCompressCtx ctx;
    private final ByteBuffer input;
    private final ByteBuffer output;
    private final TargetFile target;
    private final String contentName;

    /**
     * Direct buffers are freed only by garbage collection, and a JVM may have no more of them than heap, so an
     * archive allocates its pair once and hands it to the sink of each content.
     */
    static ByteBuffer[] buffers() {
        return new ByteBuffer[] {ByteBuffer.allocateDirect(BUFFER_SIZE), ByteBuffer.allocateDirect(BUFFER_SIZE)};
    }

    /** @param buffers from {@link #buffers()}, not used by another sink at the same time */
    ZstdSink(TargetFile target, String contentName, int level, int workers, ByteBuffer[] buffers) {
        this.target = target;
        this.contentName = contentName;
        this.input = buffers[0].clear();
        this.output = buffers[1].clear();
        this.ctx = new ZstdCompressCtx();
        try {
            ctx.setLevel(level);
            ctx.setWorkers(workers);
            ctx.setChecksum(true);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    /** @return the input buffer, with room for at least one byte; what the caller puts there gets compressed */
    ByteBuffer space() throws IOException {
        if (!input.hasRemaining()) {
            compress(EndDirective.CONTINUE);
        }
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

    /** Compresses what is left and ends the frame. */
    void finish() throws IOException {
        compress(EndDirective.END);
        writeOutput();
    }

    /*
     * With CONTINUE, zstd takes all the input (with workers it may wait for one to get free) and hands out what is
     * compressed so far; with END it also flushes everything, which may need several calls. Output is written
     * once the buffer is half full so that the file sees few, large writes.
     */
    private void compress(EndDirective directive) throws IOException {
        input.flip();
        try {
            while (true) {
                boolean flushed = ctx.compressDirectByteBufferStream(output, input, directive);
                if (output.position() >= output.capacity() / 2) {
                    writeOutput();
                }
                if (directive == EndDirective.END ? flushed : !input.hasRemaining()) {
                    break;
                }
            }
        } catch (ZstdException e) {
            throw new IOException("zstd failed to compress content " + contentName + ": " + e.getMessage(), e);
        }
        input.clear();
    }

    private void writeOutput() throws IOException {
        output.flip();
        target.write(output);
        output.clear();
    }

    /** Frees zstd's native memory and threads. */
    @Override
    public void close() {
        ctx.close();
    }
}
