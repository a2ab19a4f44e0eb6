package org.homeautomation.backup.core.internal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.ManagerState;
import org.junit.jupiter.api.Test;

class OperationGateTest {

    @Test
    void aRestoreIsRefusedWhileABackupHoldsTheGateAndNamesIt() throws Exception {
        OperationGate gate = new OperationGate();
        OperationGate.Pass create = gate.enter(OperationGate.Kind.CREATE, "b1", "backup 'nightly' (b1) is being made");
        assertEquals(ManagerState.CREATING, gate.state());
        BackupBusyException busy = assertThrows(BackupBusyException.class,
                () -> gate.enter(OperationGate.Kind.RESTORE, "b0", "backup b0 is being restored"));
        assertEquals("Backup 'nightly' (b1) is being made; wait for it to finish and try again.", busy.getMessage());
        gate.leave(create);
        OperationGate.Pass restore = gate.enter(OperationGate.Kind.RESTORE, "b0", "backup b0 is being restored");
        assertEquals(ManagerState.RESTORING, gate.state());
        gate.leave(restore);
        assertEquals(ManagerState.IDLE, gate.state());
    }

    @Test
    void aBackupIsRefusedWhileARestoreHoldsTheGate() throws Exception {
        OperationGate gate = new OperationGate();
        OperationGate.Pass restore = gate.enter(OperationGate.Kind.RESTORE, "b0", "backup b0 is being restored");
        BackupBusyException busy = assertThrows(BackupBusyException.class,
                () -> gate.enter(OperationGate.Kind.CREATE, "b1", "backup 'x' (b1) is being made"));
        assertTrue(busy.getMessage().startsWith("Backup b0 is being restored"), busy.getMessage());
        gate.leave(restore);
        gate.leave(restore); // a second leave changes nothing
        gate.leave(gate.enter(OperationGate.Kind.CREATE, "b1", "backup 'x' (b1) is being made"));
    }

    @Test
    void aPendingRecoveryRefusesEverythingButRecoveryWithItsReason() throws Exception {
        OperationGate gate = new OperationGate();
        gate.recoveryNeeded("recover first");
        assertEquals("recover first", assertThrows(BackupBusyException.class,
                () -> gate.enter(OperationGate.Kind.CREATE, "b1", "making b1")).getMessage());
        assertEquals("recover first", assertThrows(BackupBusyException.class,
                () -> gate.enter(OperationGate.Kind.RESTORE, "b1", "restoring b1")).getMessage());
        OperationGate.Pass recovering = gate.enter(OperationGate.Kind.RECOVERY, null, "recovering");
        assertEquals(ManagerState.RESTORING, gate.state());
        gate.recovered();
        gate.leave(recovering);
        gate.leave(gate.enter(OperationGate.Kind.CREATE, "b1", "making b1"));
    }

    /** Creates and restores racing from many threads at once: never two inside, and someone always gets in. */
    @Test
    void concurrentCreatesAndRestoresNeverOverlap() throws Exception {
        OperationGate gate = new OperationGate();
        int threads = 8;
        int rounds = 2_000;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            OperationGate.Kind kind = t % 2 == 0 ? OperationGate.Kind.CREATE : OperationGate.Kind.RESTORE;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        OperationGate.Pass pass;
                        try {
                            pass = gate.enter(kind, "id", kind + " runs");
                        } catch (BackupBusyException busy) {
                            continue;
                        }
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        admitted.incrementAndGet();
                        Thread.onSpinWait();
                        inside.decrementAndGet();
                        gate.leave(pass);
                    }
                } catch (Exception e) {
                    overlaps.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            all.add(thread);
            thread.start();
        }
        done.await();
        assertEquals(0, overlaps.get(), "operations overlapped");
        assertTrue(admitted.get() > 0, "no operation was ever admitted");
        assertEquals(ManagerState.IDLE, gate.state());
    }
}
