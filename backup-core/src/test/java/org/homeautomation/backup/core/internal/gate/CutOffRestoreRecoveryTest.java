package org.homeautomation.backup.core.internal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CutOffRestoreRecoveryTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void looksBesideKarafsFoldersAndEveryReadableSourceWhateverElseTheConfigurationHolds() {
        Map<String, String> properties = Map.of("karaf.etc", "/opt/karaf/etc", "karaf.data", "/opt/karaf/data");
        Set<Path> folders = CutOffRestoreRecovery.liveFolders(
                List.of("extra=/srv/x", "no equals sign", "rel=relative/path", "=/nameless", "dup=/srv/x/"),
                properties::get);
        assertEquals(Set.of(Path.of("/opt/karaf/etc"), Path.of("/opt/karaf/data"), Path.of("/srv/x")), folders);
        assertEquals(Set.of(), CutOffRestoreRecovery.liveFolders(null, key -> null));
    }

    @Test
    void operationsAreRefusedUntilRecoveryOffTheCallersThreadHasSucceeded() throws Exception {
        OperationGate gate = new OperationGate();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean ranOnCaller = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        CutOffRestoreRecovery recovery = new CutOffRestoreRecovery(gate, List.of(Path.of("/srv/x")), folders -> {
            ranOnCaller.set(Thread.currentThread() == caller);
            await(release);
            return true;
        }, executor);

        recovery.start();
        BackupBusyException busy = assertThrows(BackupBusyException.class,
                () -> gate.enter(OperationGate.Kind.CREATE, "b1", "making b1"));
        assertTrue(busy.getMessage().contains("cut off"), busy.getMessage());
        release.countDown();
        awaitIdleRecovery(gate);
        gate.leave(gate.enter(OperationGate.Kind.CREATE, "b1", "making b1"));
        assertEquals(false, ranOnCaller.get(), "recovery must not run on the activating thread");
    }

    @Test
    void aFailedRecoveryKeepsRefusingAndIsTriedAgainWhenAnOperationIsRefused() throws Exception {
        OperationGate gate = new OperationGate();
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean fixed = new AtomicBoolean();
        CutOffRestoreRecovery recovery = new CutOffRestoreRecovery(gate, List.of(Path.of("/srv/x")),
                (Collection<Path> folders) -> {
                    attempts.incrementAndGet();
                    return fixed.get();
                }, executor);
        recovery.start();
        awaitAttempts(attempts, 1, gate);
        BackupBusyException busy = assertThrows(BackupBusyException.class,
                () -> gate.enter(OperationGate.Kind.RESTORE, "b1", "restoring b1"));
        assertTrue(busy.getMessage().contains("could not be recovered"), busy.getMessage());

        fixed.set(true);
        recovery.retryIfFailed();
        awaitAttempts(attempts, 2, gate);
        awaitIdleRecovery(gate);
        gate.leave(gate.enter(OperationGate.Kind.RESTORE, "b1", "restoring b1"));
        recovery.retryIfFailed();
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(2, attempts.get(), "a recovery that succeeded is not run again");
    }

    private static void awaitAttempts(AtomicInteger attempts, int count, OperationGate gate) {
        Await.until("recovery attempt " + count + " to end",
                () -> attempts.get() >= count && gate.state() == ManagerState.IDLE);
    }

    private static void awaitIdleRecovery(OperationGate gate) {
        Await.until("recovery to succeed and leave the gate",
                () -> gate.recoveryProblem().isEmpty() && gate.state() == ManagerState.IDLE);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
