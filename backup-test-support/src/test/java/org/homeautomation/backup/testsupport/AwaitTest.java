package org.homeautomation.backup.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AwaitTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void untilReturnsOnceTheConditionHoldsAndCountsExceptionsAsNotYet() {
        AtomicInteger calls = new AtomicInteger();
        Await.until("the third call", Duration.ofSeconds(5), () -> {
            if (calls.incrementAndGet() < 2) {
                throw new IOException("not yet");
            }
            return calls.get() >= 3;
        }, () -> "calls " + calls);
        assertEquals(3, calls.get());
    }

    @Test
    void untilFailsAtTheDeadlineWithWhatWasLastSeenAndTheLastException() {
        IOException failure = new IOException("connection refused");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("Karaf", SHORT, () -> { throw failure; }, () -> "nothing"));
        assertTrue(e.getMessage().startsWith("Waited 200 ms for Karaf; last attempt failed: "), e.getMessage());
        assertSame(failure, e.getCause());

        AssertionError seen = assertThrows(AssertionError.class,
                () -> Await.until("the page", SHORT, () -> false, () -> "an empty list"));
        assertEquals("Waited 200 ms for the page; last seen: an empty list", seen.getMessage());
    }

    @Test
    void valueReturnsTheFirstAcceptableValueAndNamesTheLastOneOnFailure() {
        AtomicInteger counter = new AtomicInteger();
        assertEquals(5, Await.value("five", counter::incrementAndGet, v -> v == 5, Duration.ofSeconds(5)));
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.value("a negative number", () -> 7, v -> v < 0, SHORT));
        assertEquals("Waited 200 ms for a negative number; last value: 7", e.getMessage());
        assertThrows(AssertionError.class, () -> Await.until("never", () -> false, SHORT));
    }

    @Test
    void completionGivesTheResultOrSaysWhyNot() {
        assertEquals("done", Await.completion("a stage", CompletableFuture.completedFuture("done"), SHORT));
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.completion("the upload", new CompletableFuture<String>(), SHORT));
        assertEquals("the upload did not complete within 200 ms", e.getMessage());
    }
}
