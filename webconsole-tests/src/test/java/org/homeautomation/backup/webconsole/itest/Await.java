package org.homeautomation.backup.webconsole.itest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for something that happens asynchronously (Karaf booting, a backup running), polling until a deadline. */
final class Await {
    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /**
     * @param what what is waited for, for the failure message
     * @param timeout how long to wait at most
     * @param condition checked until it holds; an exception counts as not yet
     * @param lastSeen what was seen instead, for the failure message
     */
    static void until(String what, Duration timeout, Check condition, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
                lastFailure = null;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("Waited " + timeout.toSeconds() + " s for " + what
                        + "; last seen: " + lastSeen.get());
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    /** A condition that may fail while the thing waited for is not there yet. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }
}
