package org.homeautomation.backup.agent.s3.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The part buffers of one multipart upload: at most {@code count} arrays of {@code size} bytes, made when first needed
 * and reused. Taking one blocks while all are being sent, which is what bounds the upload's memory to part size times
 * concurrency, whatever the archive's size and however slow the store.
 */
final class PartBuffers {
    private final int size;
    private final int count;
    private final BlockingQueue<byte[]> free;
    private int made;

    PartBuffers(int count, int size) {
        this.size = size;
        this.count = count;
        this.free = new ArrayBlockingQueue<>(count);
    }

    /**
     * @return a buffer of {@link #size()} bytes, to give back with {@link #giveBack(byte[])}
     * @throws InterruptedException when interrupted while all buffers are in use
     */
    byte[] take() throws InterruptedException {
        byte[] buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        synchronized (this) {
            if (made < count) {
                made++;
                return new byte[size];
            }
        }
        return free.take();
    }

    void giveBack(byte[] buffer) {
        // Never more than count buffers exist, so there is always room.
        free.add(buffer);
    }

    /**
     * Drops the buffers once the upload is over, so that their memory is not held until the next upload: the agent
     * keeps its last upload around (for tests), and runs for months.
     */
    void release() {
        free.clear();
    }

    int size() {
        return size;
    }

    /** @return how many buffers were allocated so far, never more than the count given */
    synchronized int made() {
        return made;
    }
}
