package org.homeautomation.backup.agent.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assertions;

/**
 * Holds the first stream of an {@link ArchiveSource#pausing(TestArchive, Pause) pausing source} that reaches a given
 * offset until the test {@link #resume() resumes} it, so that a test can act while an upload is provably unfinished.
 * Later streams of the source pass the offset without stopping.
 */
public final class Pause {
    /** A test that forgets to resume must not leave an upload thread blocked for ever. */
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

    private final long offset;
    private final boolean interruptible;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    private Pause(long offset, boolean interruptible) {
        this.offset = offset;
        this.interruptible = interruptible;
    }

    /**
     * A pause that ignores interrupts, as reading a {@link java.io.FileInputStream} does: an interrupted reader
     * keeps waiting, then reads on with its interrupt flag still set.
     *
     * @param offset the number of bytes delivered before the stream stops
     * @return the pause
     */
    public static Pause at(long offset) {
        return new Pause(offset, false);
    }

    /**
     * A pause that gives up when its reader is interrupted: the read throws {@link InterruptedIOException} and the
     * interrupt flag stays set, as with an interruptible channel.
     *
     * @param offset the number of bytes delivered before the stream stops
     * @return the pause
     */
    public static Pause interruptiblyAt(long offset) {
        return new Pause(offset, true);
    }

    /** @return the number of bytes delivered before the stream stops */
    public long offset() {
        return offset;
    }

    /**
     * Waits until a stream has stopped at the offset.
     *
     * @param timeout how long to wait
     * @throws InterruptedException when the test thread is interrupted
     */
    public void awaitReached(Duration timeout) throws InterruptedException {
        if (!reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            Assertions.fail("The agent did not read " + offset + " bytes of the archive within " + timeout
                    + " after upload() was called");
        }
    }

    /** Lets the stopped stream, and any that reach the offset later, go on. */
    public void resume() {
        resumed.countDown();
    }

    /** @return whether the caller's stream is the one that stops; true once */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** Called by the stopping stream: blocks until resumed. */
    void hold() throws IOException {
        reached.countDown();
        long deadline = System.nanoTime() + LONGEST_HOLD.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (resumed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    throw new IOException("The test never resumed the paused archive stream; gave up after "
                            + LONGEST_HOLD);
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (interruptible) {
                        throw new InterruptedIOException("Reading the archive was interrupted at byte " + offset);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
