package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ManagerState;
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
 * One backup at a time: a second request while one runs is refused, not queued or run alongside.
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
}
