package org.homeautomation.backup.core.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * Compresses frames, each into an independent zstd frame, on worker threads, and appends them to the archive file
 * in the order they were handed in. A fixed set of frames (direct input and output buffers and a zstd context each)
 * is made once per archive and reused: memory is bounded by frames in flight x the maximum frame size, and the
 * heavy path allocates nothing. With no workers, frames are compressed on the calling thread.
 *
 * <p>Each frame carries its content size and a checksum, both functions of its bytes only, so the same input gives
 * the same output however many workers there are. Used by one thread (the archive's) besides its workers.
 */
final class FrameCompressor implements Closeable {
    private static final AtomicInteger ARCHIVES = new AtomicInteger();

    /** A frame's buffers: the caller fills {@link #input}, the compressed frame comes out of {@code output}. */
    static final class Frame {
        final ByteBuffer input;
        private final ByteBuffer output;
        private final ZstdCompressCtx ctx;
        private String contentName;

        private Frame(int maxFrame, int level) {
            this.input = ByteBuffer.allocateDirect(maxFrame);
            this.output = ByteBuffer.allocateDirect(Math.toIntExact(Zstd.compressBound(maxFrame)));
            this.ctx = new ZstdCompressCtx();
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
        }

        private Frame compress() throws IOException {
            try {
                output.clear();
                int n = ctx.compressDirectByteBuffer(output, 0, output.capacity(), input, 0, input.limit());
                output.limit(n).position(0);
                return this;
            } catch (ZstdException e) {
                throw new IOException("zstd failed to compress content " + contentName + ": " + e.getMessage(), e);
            }
        }
    }

    private final TargetFile target;
    private final ExecutorService workers;
    private final List<Frame> all = new ArrayList<>();
    private final Deque<Frame> free = new ArrayDeque<>();
    private final Deque<Future<Frame>> inFlight = new ArrayDeque<>();

    /**
     * @param workers threads compressing at once; 0 compresses on the calling thread. Frames in flight are workers
     *                plus two: one being filled and one being started while the one before is handed in.
     */
    FrameCompressor(TargetFile target, int level, int workers, FrameSizes sizes) {
        this.target = target;
        this.workers = workers == 0 ? null : Executors.newFixedThreadPool(workers, threads());
        try {
            for (int i = 0; i < workers + 2; i++) {
                Frame frame = new Frame(sizes.max(), level);
                all.add(frame);
                free.add(frame);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** @return an empty frame to fill, after writing out finished frames when none is free */
    Frame take() throws IOException {
        while (free.isEmpty()) {
            writeOldest();
        }
        Frame frame = free.poll();
        frame.input.clear();
        return frame;
    }

    /** Compresses {@code frame}'s input from 0 to its position; the frame is written out in its turn. */
    void submit(Frame frame, String contentName) throws IOException {
        frame.input.flip();
        frame.contentName = contentName;
        if (workers == null) {
            write(frame.compress());
            return;
        }
        inFlight.add(workers.submit(frame::compress));
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            writeOldest();
        }
    }

    /** Returns a frame taken but not used. */
    void giveBack(Frame frame) {
        free.add(frame);
    }

    /** Waits for every frame handed in and writes it out. */
    void drain() throws IOException {
        while (!inFlight.isEmpty()) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Future<Frame> oldest = inFlight.poll();
        try {
            write(oldest.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("Writing the backup archive "
                    + target.path() + " was interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("Compressing a frame of " + target.path() + " failed", e.getCause());
        }
    }

    private void write(Frame frame) throws IOException {
        target.write(frame.output);
        free.add(frame);
    }

    /**
     * Stops the workers and frees zstd's native memory. A worker may still be compressing a frame when the archive
     * failed; its context is freed only once it is done, so this waits for it, even when interrupted.
     */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
            boolean interrupted = false;
            while (true) {
                try {
                    if (workers.awaitTermination(1, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Frame frame : all) {
            frame.ctx.close();
        }
    }

    private static ThreadFactory threads() {
        int archive = ARCHIVES.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "backup-zstd-" + archive + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
