package org.homeautomation.backup.core.internal.events;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.homeautomation.backup.api.UploadProgress;

/**
 * Passes an agent's progress reports on at most once per interval, plus the report that reaches the total, so that a
 * chatty agent cannot flood Event Admin. One instance per upload; thread-safe, since an agent may report from
 * several threads (parallel parts).
 */
public final class UploadProgressThrottle implements UploadProgress {
    /** Receives the progress reports that pass. */
    @FunctionalInterface
    public interface Sink {
        /** @param uploaded bytes so far @param total archive size */
        void progress(long uploaded, long total);
    }

    private final long total;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Sink sink;

    private long highest = -1;
    private long lastPublished = -1;
    private long lastPublishedAt;
    private boolean finalPublished;

    /**
     * @param total the archive size
     * @param intervalMillis the least time between two published reports
     * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     * @param sink where reports that pass go
     */
    public UploadProgressThrottle(long total, long intervalMillis, LongSupplier nanoClock, Sink sink) {
        this.total = total;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    @Override
    public void bytesUploaded(long bytesUploaded) {
        long now = nanoClock.getAsLong();
        long value = Math.min(bytesUploaded, total);
        synchronized (this) {
            // Values that go backwards (a retrying agent) are not passed on: the UI would jump back.
            if (value <= highest || finalPublished) {
                return;
            }
            highest = value;
            boolean isFinal = value == total;
            if (!isFinal && lastPublished >= 0 && now - lastPublishedAt < intervalNanos) {
                return;
            }
            publish(value, now, isFinal);
        }
    }

    /** Publishes the 100% report when the upload succeeded and the agent did not report it. */
    public void completed() {
        synchronized (this) {
            if (!finalPublished) {
                highest = total;
                publish(total, nanoClock.getAsLong(), true);
            }
        }
    }

    /** @return the highest value the agent reported, or -1 */
    public synchronized long highestReported() {
        return highest;
    }

    private void publish(long value, long now, boolean isFinal) {
        lastPublished = value;
        lastPublishedAt = now;
        finalPublished = isFinal;
        sink.progress(value, total);
    }
}
