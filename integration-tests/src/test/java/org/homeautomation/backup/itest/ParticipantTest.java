package org.homeautomation.backup.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ParticipantInfo;
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
import org.osgi.framework.Constants;

/**
 * Participants registered by other bundles run around each backup, in ranking order, and what they dump goes into the
 * archive. The archive is read here with the same commons-compress and zstd-jni bundles the core writes it with.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ParticipantTest {
    @Rule
    public final Osgi osgi = new Osgi(ParticipantTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(ParticipantTest.class));

    private final Backups backups = new Backups(osgi);
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(ParticipantTest.class);
    }

    @Test
    public void participantsRunInRankingOrderAndTheirDumpsAreArchived() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        byte[] dump = "INSERT INTO items VALUES ('Küche', 21.5);\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        // Registered out of ranking order on purpose.
        RecordingParticipant low = participant("rules-engine", 10, staging ->
                Files.writeString(staging.resolve("rules.json"), "{\"rules\":[]}"));
        RecordingParticipant high = participant("database", 100, staging -> {
            Path db = Files.createDirectories(staging.resolve("db"));
            Files.write(db.resolve("dump.sql"), dump);
        });
        RecordingParticipant middle = participant("scheduler", 50, staging ->
                Files.writeString(staging.resolve("jobs.txt"), "nightly\n"));
        Await.value("the participants to be offered as contents", () -> backups.manager().contents(),
                c -> c.containsAll(List.of("database", "scheduler", "rules-engine")));

        BackupResult result = backups.run(BackupRequest.builder("With participants").agents(Backups.LOCAL).build());

        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        assertEquals(List.of("pre:database", "pre:scheduler", "pre:rules-engine",
                "post:rules-engine", "post:scheduler", "post:database"), log);
        for (RecordingParticipant p : List.of(low, middle, high)) {
            assertEquals(p.id() + " must be told that the archive was written", 1, p.outcomes().size());
            assertTrue(p.id() + ": " + p.outcomes(), p.outcomes().get(0).isSuccess());
            assertFalse(p.id() + "'s staging directory must be gone after the archive was written: "
                    + p.stagingDirectory(), Files.exists(p.stagingDirectory()));
        }

        BackupMetadata metadata = result.metadata().orElseThrow();
        assertTrue("contents: " + metadata.contents(),
                metadata.contents().containsAll(List.of("home", "database", "scheduler", "rules-engine")));
        Path archive = backups.localArchive(result.backupId());
        List<String> entries = ArchiveContents.entries(archive);
        assertEquals("backup.json comes first: " + entries, ArchiveContents.METADATA_ENTRY, entries.get(0));
        for (String content : metadata.contents()) {
            assertTrue(content + " must be in the archive: " + entries,
                    entries.contains(content + ArchiveContents.CONTENT_SUFFIX));
        }
        String json = ArchiveContents.metadataJson(archive);
        assertTrue("backup.json must name the backup: " + json, json.contains("\"" + result.backupId() + "\""));
        Map<String, byte[]> database = ArchiveContents.files(archive, "database");
        assertEquals(List.of("db/dump.sql"), List.copyOf(database.keySet()));
        assertArrayEquals(dump, database.get("db/dump.sql"));
        assertEquals("{\"rules\":[]}", new String(ArchiveContents.files(archive, "rules-engine").get("rules.json"),
                StandardCharsets.UTF_8));
        assertEquals("nightly\n", new String(ArchiveContents.files(archive, "scheduler").get("jobs.txt"),
                StandardCharsets.UTF_8));
    }

    /**
     * A participant whose id a source already uses, or whose id is invalid, does not run: that loses its quiesce
     * guarantee, so the manager lists it as ignored with the reason and every backup's result warns of it.
     */
    @Test
    public void anIgnoredParticipantIsListedWithItsReasonAndWarnedOfInTheResult() throws Exception {
        backups.configureSource("shadowed", SampleTree.write(folder.newFolder("shadowed").toPath()), Map.of());
        List<String> log = new CopyOnWriteArrayList<>();
        osgi.register(BackupParticipant.class, RecordingParticipant.quiet("shadowed", log));
        osgi.register(BackupParticipant.class, RecordingParticipant.quiet("Not Valid/", log));
        List<ParticipantInfo> infos = Await.value("both participants to be listed",
                () -> backups.manager().participants(), l -> l.stream().filter(i -> !i.isActive()).count() == 2);
        ParticipantInfo shadowed = infos.stream().filter(i -> i.id().equals("shadowed")).findFirst().orElseThrow();
        assertTrue(shadowed.problem().orElseThrow(), shadowed.problem().orElseThrow().contains("source"));
        ParticipantInfo invalid = infos.stream().filter(i -> i.id().equals("Not Valid/")).findFirst().orElseThrow();
        assertTrue(invalid.problem().orElseThrow(), invalid.problem().orElseThrow().contains("not valid"));

        BackupResult result = backups.run(BackupRequest.builder("With ignored participants")
                .agents(Backups.LOCAL).build());
        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        assertTrue(result.warnings().toString(), result.warnings().stream()
                .anyMatch(w -> w.contains("'shadowed'") && w.contains("did not take part")));
        assertTrue(result.warnings().toString(), result.warnings().stream()
                .anyMatch(w -> w.contains("'Not Valid/'") && w.contains("did not take part")));
        assertEquals("neither ran", List.of(), log);
    }

    @Test
    public void postBackupRunsAlsoWhenAPreBackupFailed() throws Exception {
        backups.configureSource("docs", SampleTree.write(folder.newFolder("docs").toPath()), Map.of());
        RecordingParticipant first = participant("cache", 100, staging -> {
        });
        RecordingParticipant failing = participant("locked-db", 50, staging -> {
            throw new IllegalStateException("the database is locked by another process");
        });
        RecordingParticipant never = participant("late", 10, staging -> {
        });
        Await.value("the participants to be offered as contents", () -> backups.manager().contents(),
                c -> c.containsAll(List.of("cache", "locked-db", "late")));

        BackupResult result = backups.run(BackupRequest.builder("Fails in pre").agents(Backups.LOCAL).build());

        assertEquals(result.toString(), BackupResult.Status.FAILED, result.status());
        String reason = result.failureReason().orElseThrow();
        assertTrue("the reason must name the participant: " + reason, reason.contains("locked-db"));
        assertTrue("the reason must carry the participant's message: " + reason,
                reason.contains("the database is locked"));
        // post for every participant whose pre was called, in reverse order; the one after the failure never ran.
        assertEquals(List.of("pre:cache", "pre:locked-db", "post:locked-db", "post:cache"), log);
        assertFalse(first.outcomes().get(0).isSuccess());
        assertFalse(failing.outcomes().get(0).isSuccess());
        assertTrue(never.outcomes().isEmpty());
        assertFalse("no archive may be stored for a failed backup",
                Files.exists(backups.localAgentFolder().resolve(result.backupId() + ".tar")));
    }

    @Test
    public void aHangingParticipantTimesOutNamingIt() throws Exception {
        // A content name of its own, so that waiting for it proves the new timeout is in force.
        backups.configureSource("timeout-check", SampleTree.write(folder.newFolder("timeout-check").toPath()),
                Map.of("participantTimeoutSeconds", 2L));
        CountDownLatch release = new CountDownLatch(1);
        try {
            participant("stuck-device", 0, staging -> {
                if (!release.await(Await.DEFAULT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("stuck-device was never released");
                }
            });
            Await.value("the participant to be offered as content", () -> backups.manager().contents(),
                    c -> c.contains("stuck-device"));
            long start = System.nanoTime();

            BackupResult result = backups.run(BackupRequest.builder("Hanging").agents(Backups.LOCAL).build());

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(result.toString(), BackupResult.Status.FAILED, result.status());
            String reason = result.failureReason().orElseThrow();
            assertTrue("the reason must name the participant: " + reason, reason.contains("stuck-device"));
            assertTrue("the backup must wait the configured 2 s, took " + took, took.toMillis() >= 1900);
            assertTrue("the backup must give up after about 2 s, took " + took, took.toMillis() < 15_000);
        } finally {
            release.countDown();
        }
    }

    private RecordingParticipant participant(String id, int ranking, RecordingParticipant.PreBackup pre) {
        RecordingParticipant participant = new RecordingParticipant(id, log, pre);
        osgi.register(BackupParticipant.class, participant, Map.of(Constants.SERVICE_RANKING, ranking));
        return participant;
    }
}
