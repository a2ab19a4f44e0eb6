package org.homeautomation.backup.itest.example;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ParticipantInfo;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.itest.Backups;
import org.homeautomation.backup.itest.BundleSet;
import org.homeautomation.backup.itest.Osgi;
import org.homeautomation.backup.itest.RecordingParticipant;
import org.homeautomation.backup.itest.SampleTree;
import org.homeautomation.backup.itest.SystemTools;
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
 * The participant of docs/writing-a-participant.md does what the guide says: its state goes into the backup as
 * content "example.rules", writers wait while a backup holds them, and a restore brings the state back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ParticipantGuideTest {
    @Rule
    public final Osgi osgi = new Osgi(ParticipantGuideTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(ParticipantGuideTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(ParticipantGuideTest.class);
    }

    @Test
    public void theGuidesParticipantBacksUpAndRestoresItsState() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        Path state = folder.newFolder("rules").toPath().resolve(RuleStateParticipant.FILE);
        RuleStateParticipant rules = new RuleStateParticipant(state);
        rules.saveState("{\"rules\": [\"lights off at 23:00\"]}");
        osgi.register(BackupParticipant.class, rules, Map.of("service.ranking", 100));
        List<ParticipantInfo> infos = Await.value("the participant to take part",
                () -> backups.manager().participants(),
                l -> l.stream().anyMatch(i -> i.id().equals("example.rules")));
        assertTrue(infos.toString(), infos.stream().filter(i -> i.id().equals("example.rules")).allMatch(
                ParticipantInfo::isActive));

        BackupResult result = backups.run(BackupRequest.builder("With rules").agents(Backups.LOCAL).build());
        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        assertEquals(List.of("home", "example.rules"), result.metadata().orElseThrow().contents());
        List<String> entries = SystemTools.listEntries(backups.localArchive(result.backupId()));
        assertTrue(entries.toString(), entries.contains("example.rules.tar.zst"));

        rules.saveState("{\"rules\": []}");
        backups.manager().restore(result.backupId(), RestoreOptions.builder().contents("example.rules").build());
        assertEquals("{\"rules\": [\"lights off at 23:00\"]}", Files.readString(state));
        rules.saveState("{\"rules\": [\"after the restore\"]}");
    }

    @Test
    public void writersWaitWhileABackupHoldsThem() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        Path state = folder.newFolder("rules").toPath().resolve(RuleStateParticipant.FILE);
        RuleStateParticipant rules = new RuleStateParticipant(state);
        rules.saveState("{\"v\": 1}");
        osgi.register(BackupParticipant.class, rules, Map.of("service.ranking", 100));
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch inPre = new CountDownLatch(1);
        osgi.register(BackupParticipant.class, new RecordingParticipant("holder",
                new CopyOnWriteArrayList<>(), staging -> {
                    inPre.countDown();
                    hold.await();
                }), Map.of("service.ranking", 0));
        Await.value("both participants", () -> backups.manager().contents(),
                c -> c.contains("example.rules") && c.contains("holder"));

        BackupJob job = backups.start(BackupRequest.builder("Holding").agents(Backups.LOCAL).build());
        assertTrue(inPre.await(60, TimeUnit.SECONDS));
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                rules.saveState("{\"v\": 2}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The holder's preBackup runs after ours (lower ranking): our writers are paused now.
        assertFalse("a write while the backup holds the writers must wait", write.isDone());
        hold.countDown();
        Await.completion("the backup", job.completion(), Backups.BACKUP_TIMEOUT);
        write.get(60, TimeUnit.SECONDS);
        assertEquals("{\"v\": 2}", Files.readString(state));
    }
}
