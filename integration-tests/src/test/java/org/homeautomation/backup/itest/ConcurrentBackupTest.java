package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.RestoreContext;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * One operation at a time: a second backup, or a restore, while one runs is refused, not queued or run alongside;
 * so is a backup while a restore runs. Both orders are forced with participants that hold the first operation.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConcurrentBackupTest {
    @Rule
    public final Osgi osgi = new Osgi(ConcurrentBackupTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(ConcurrentBackupTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(ConcurrentBackupTest.class);
    }

    @Test
    public void aSecondBackupWhileOneRunsIsRefused() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        RecordingParticipant holder = RecordingParticipant.holding("slow-dump", log, release);
        osgi.register(BackupParticipant.class, holder);
        Await.value("the participant to be offered", () -> backups.manager().contents(),
                c -> c.contains("slow-dump"));

        BackupJob first;
        try {
            first = backups.start(BackupRequest.builder("First").agents(Backups.LOCAL).build());
            holder.awaitPreBackup();
            assertEquals(ManagerState.CREATING, backups.manager().state());
            assertEquals(first.backupId(), backups.manager().activeJob().orElseThrow().backupId());

            BackupBusyException busy = assertThrows(BackupBusyException.class,
                    () -> backups.manager().create(BackupRequest.builder("Second").agents(Backups.LOCAL).build()));
            assertTrue("the refusal must say which backup runs: " + busy.getMessage(),
                    busy.getMessage().contains(first.backupId()) || busy.getMessage().contains("First"));
        } finally {
            release.countDown();
        }
        BackupResult result = Await.completion("the first backup", first.completion(), Backups.BACKUP_TIMEOUT);
        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        assertEquals("the refused request must not have run the participant again",
                List.of("pre:slow-dump", "post:slow-dump"), log);

        Await.until("the manager to be idle", () -> backups.manager().state() == ManagerState.IDLE);
        BackupResult after = backups.run(BackupRequest.builder("After").agents(Backups.LOCAL).build());
        assertEquals(after.toString(), BackupResult.Status.SUCCEEDED, after.status());
    }

    /** The other order: a restore asked for while a backup runs (held in a participant's preBackup) is refused. */
    @Test
    public void aRestoreWhileABackupRunsIsRefused() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        String earlier = backups.run(BackupRequest.builder("Earlier").agents(Backups.LOCAL).build()).backupId();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        RecordingParticipant holder = RecordingParticipant.holding("slow-dump", log, release);
        osgi.register(BackupParticipant.class, holder);
        Await.value("the participant to be offered", () -> backups.manager().contents(),
                c -> c.contains("slow-dump"));
        Map<String, String> before = SystemTools.tree(home);

        BackupJob running;
        try {
            running = backups.start(BackupRequest.builder("Running").agents(Backups.LOCAL).build());
            holder.awaitPreBackup();
            BackupBusyException busy = assertThrows(BackupBusyException.class, () -> backups.manager()
                    .restore(earlier, RestoreOptions.builder().contents("home").build()));
            assertTrue("the refusal must say which backup runs: " + busy.getMessage(),
                    busy.getMessage().contains(running.backupId()));
            assertEquals(ManagerState.CREATING, backups.manager().state());
        } finally {
            release.countDown();
        }
        Await.completion("the running backup", running.completion(), Backups.BACKUP_TIMEOUT);
        assertEquals("the refused restore changed nothing", before, SystemTools.tree(home));
        Await.until("the manager to be idle", () -> backups.manager().state() == ManagerState.IDLE);
        backups.manager().restore(earlier, RestoreOptions.builder().contents("home").build());
    }

    /**
     * A backup asked for while a restore runs (held in a participant's preRestore, after the archive was checked
     * and unpacked, just before the folders are swapped) is refused, so the archiver never walks folders that the
     * restore renames; once the restore has ended, a backup runs.
     */
    @Test
    public void aBackupWhileARestoreRunsIsRefused() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        String earlier = backups.run(BackupRequest.builder("Earlier").agents(Backups.LOCAL).build()).backupId();
        CountDownLatch inPreRestore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        osgi.register(BackupParticipant.class, new BackupParticipant() {
            @Override
            public String id() {
                return "restore-holder";
            }

            @Override
            public void preBackup(BackupContext context) {
                // contributes nothing
            }

            @Override
            public void postBackup(BackupContext context, BackupOutcome outcome) {
                // nothing to resume
            }

            @Override
            public void preRestore(RestoreContext context) throws Exception {
                inPreRestore.countDown();
                release.await();
            }
        });
        Await.value("the participant to be offered", () -> backups.manager().contents(),
                c -> c.contains("restore-holder"));

        CompletableFuture<RestoreResult> restore = CompletableFuture.supplyAsync(() -> {
            try {
                return backups.manager().restore(earlier, RestoreOptions.builder().contents("home").build());
            } catch (BackupException e) {
                throw new CompletionException(e);
            }
        });
        try {
            assertTrue("the restore should reach preRestore", inPreRestore.await(60, TimeUnit.SECONDS));
            assertEquals(ManagerState.RESTORING, backups.manager().state());
            BackupBusyException busy = assertThrows(BackupBusyException.class,
                    () -> backups.manager().create(BackupRequest.builder("During").agents(Backups.LOCAL).build()));
            assertTrue("the refusal must name the restore: " + busy.getMessage(),
                    busy.getMessage().contains(earlier) && busy.getMessage().contains("restored"));
            assertTrue(backups.manager().activeJob().isEmpty());
        } finally {
            release.countDown();
        }
        assertEquals(List.of("home"), restore.get(60, TimeUnit.SECONDS).contents());
        assertEquals(ManagerState.IDLE, backups.manager().state());
        BackupResult after = backups.run(BackupRequest.builder("After").agents(Backups.LOCAL).build());
        assertEquals(after.toString(), BackupResult.Status.SUCCEEDED, after.status());
    }
}
