package org.homeautomation.backup.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named for what they run, so that a thread dump shows which backup step a thread belongs to, and so
 * that a participant or agent that hangs cannot keep the JVM from exiting.
 */
public final class NamedThreads implements ThreadFactory {
    private final String role;
    private final AtomicInteger count = new AtomicInteger();

    /** @param role what the threads run, in their names */
    public NamedThreads(String role) {
        this.role = role;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "backup-" + role + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
