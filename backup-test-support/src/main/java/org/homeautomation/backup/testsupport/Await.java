package org.homeautomation.backup.testsupport;

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
 * Waiting with a deadline for something that happens on another thread or in another process (a service appearing,
 * a component re-activating after a configuration change, Karaf booting, a page updating), instead of sleeping for a
 * guessed time. A check that throws counts as "not yet" until the deadline, where the last exception becomes the
 * cause of the failure.
 */
public final class Await {
    /** Long enough for anything a healthy framework does; a test that waits this long has failed. */
    public static final Duration DEFAULT = Duration.ofSeconds(20);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /**
     * A condition that may throw while the thing waited for is not there yet.
     */
    @FunctionalInterface
    public interface Check {
        /**
         * @return whether the condition holds
         * @throws Exception counted as "not yet"
         */
        boolean holds() throws Exception;
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
     * Waits until the condition holds, telling on failure what was seen instead.
     *
     * @param what what is waited for, for the failure message
     * @param timeout how long to wait at most
     * @param condition checked until it holds; an exception counts as not yet
     * @param lastSeen what was seen instead, asked once for the failure message
     * @throws AssertionError when the deadline passes, with what was last seen and the last exception as cause
     */
    public static void until(String what, Duration timeout, Check condition, Supplier<String> lastSeen) {
        poll(what, timeout, () -> condition.holds() ? Boolean.TRUE : null, () -> "last seen: " + lastSeen.get());
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
        Object[] last = new Object[1];
        Sample<Accepted<T>> sample = () -> {
            T current = supplier.get();
            last[0] = current;
            return acceptable.test(current) ? new Accepted<>(current) : null;
        };
        return poll(what, timeout, sample, () -> "last value: " + last[0]).value();
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

    /** One look: the result when the wait is over, null when not yet. */
    @FunctionalInterface
    private interface Sample<R> {
        R take() throws Exception;
    }

    /** An accepted value, which may itself be null. */
    private record Accepted<T>(T value) {
    }

    private static <R> R poll(String what, Duration timeout, Sample<R> sample, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                R result = sample.take();
                lastFailure = null;
                if (result != null) {
                    return result;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError error = new AssertionError("Waited " + timeout.toMillis() + " ms for " + what
                        + (lastFailure == null ? "; " + lastSeen.get() : "; last attempt failed: " + lastFailure));
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            // The poll interval; the deadline above is what bounds the wait.
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("Interrupted while waiting for " + what);
            }
        }
    }
}
