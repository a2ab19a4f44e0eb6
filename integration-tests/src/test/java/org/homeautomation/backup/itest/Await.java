package org.homeautomation.backup.itest;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting with a deadline for something that happens on another thread (a service appearing, a component
 * re-activating after a configuration change), instead of sleeping for a guessed time.
 */
public final class Await {
    /** Long enough for anything a healthy framework does; a test that waits this long has failed. */
    public static final Duration DEFAULT = Duration.ofSeconds(20);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /**
     * Waits until the condition holds.
     *
     * @param what the condition, for the failure message
     * @param condition checked until it returns true; exceptions it throws count as false until the deadline
     * @param timeout how long to wait
     * @throws AssertionError when the deadline passes, naming the condition and the last exception
     */
    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        value(what, condition::getAsBoolean, Boolean.TRUE::equals, timeout);
    }

    /**
     * Waits {@link #DEFAULT} until the condition holds.
     *
     * @param what the condition, for the failure message
     * @param condition checked until it returns true
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, DEFAULT);
    }

    /**
     * Waits until a value is acceptable and returns it.
     *
     * @param what the expected value, for the failure message
     * @param supplier gives the current value; exceptions it throws count as not acceptable until the deadline
     * @param acceptable tells whether a value is the one waited for
     * @param timeout how long to wait
     * @param <T> the value's type
     * @return the first acceptable value
     * @throws AssertionError when the deadline passes, with the last value seen or the last exception
     */
    public static <T> T value(String what, Supplier<T> supplier, Predicate<? super T> acceptable, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastFailure = null;
        while (true) {
            try {
                last = supplier.get();
                lastFailure = null;
                if (acceptable.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError error = new AssertionError("Waited " + timeout.toMillis() + " ms for " + what
                        + (lastFailure == null ? "; last value: " + last : "; last attempt failed: " + lastFailure));
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            // The poll interval of this helper; the deadline above is what bounds the wait.
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("Interrupted while waiting for " + what);
            }
        }
    }

    /**
     * Waits {@link #DEFAULT} until a value is acceptable and returns it.
     *
     * @param what the expected value, for the failure message
     * @param supplier gives the current value
     * @param acceptable tells whether a value is the one waited for
     * @param <T> the value's type
     * @return the first acceptable value
     */
    public static <T> T value(String what, Supplier<T> supplier, Predicate<? super T> acceptable) {
        return value(what, supplier, acceptable, DEFAULT);
    }

    /**
     * Waits for a stage to complete.
     *
     * @param what what completes, for the failure message
     * @param stage the stage
     * @param timeout how long to wait
     * @param <T> the result type
     * @return the result
     * @throws AssertionError when the deadline passes or the stage completed exceptionally
     */
    public static <T> T completion(String what, CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " completed exceptionally: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + what, e);
        }
    }
}
