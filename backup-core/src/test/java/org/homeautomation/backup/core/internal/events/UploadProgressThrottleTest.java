package org.homeautomation.backup.core.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class UploadProgressThrottleTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<Long> published = new ArrayList<>();
    private final UploadProgressThrottle throttle = new UploadProgressThrottle(1000, 1000, clock::get,
            (uploaded, total) -> published.add(uploaded));

    private void advanceMillis(long ms) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void passesAtMostOneReportPerIntervalAndAlwaysTheFinalOne() {
        // 100 reports over 2.5 s: the first passes, then one per second, then the final one.
        for (int i = 1; i <= 100; i++) {
            throttle.bytesUploaded(i * 9);
            advanceMillis(25);
        }
        throttle.bytesUploaded(1000);
        assertEquals(List.of(9L, 369L, 729L, 1000L), published);
    }

    @Test
    void neverGoesBackwardsWhenAnAgentRetries() {
        throttle.bytesUploaded(500);
        advanceMillis(2000);
        throttle.bytesUploaded(100);
        advanceMillis(2000);
        throttle.bytesUploaded(600);
        assertEquals(List.of(500L, 600L), published);
    }

    @Test
    void completedPublishesTheFinalReportOnceWhenTheAgentDidNot() {
        throttle.bytesUploaded(10);
        throttle.completed();
        throttle.completed();
        throttle.bytesUploaded(1000);
        assertEquals(List.of(10L, 1000L), published);
    }

    @Test
    void valuesAboveTheTotalAreCappedAndCountAsFinal() {
        throttle.bytesUploaded(5000);
        throttle.completed();
        assertEquals(List.of(1000L), published);
    }
}
