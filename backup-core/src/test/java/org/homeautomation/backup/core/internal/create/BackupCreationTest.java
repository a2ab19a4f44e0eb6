package org.homeautomation.backup.core.internal.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.homeautomation.backup.core.internal.upload.UploadRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.homeautomation.backup.testsupport.Preconditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One backup, start to end, with real files, the real archive writer and agents that misbehave in the ways third-party
 * agents do. The manager's service wiring is tested in Felix by the integration tests.
 */
class BackupCreationTest {
    @TempDir
    Path temp;

    private final ExecutorService participants = Executors.newCachedThreadPool();
    private final ExecutorService uploads = Executors.newCachedThreadPool();
    private final AtomicReference<UploadRun> activeRun = new AtomicReference<>();
    private Path source;
    private Path staging;
    private long serviceIds;

    @BeforeEach
    void createSource() throws IOException {
        source = Files.createDirectories(temp.resolve("source"));
        Files.writeString(source.resolve("settings.cfg"), "answer = 42\n");
        Files.createDirectories(source.resolve("nested/deeper"));
        Files.writeString(source.resolve("nested/deeper/état.json"), "{\"on\": true}");
        staging = temp.resolve("staging");
    }

    @AfterEach
    void stop() {
        participants.shutdownNow();
        uploads.shutdownNow();
    }

    private TrackedAgent track(TestAgent agent) {
        return new TrackedAgent(agent.id(), agent.name(), "test.bundle", 0, ++serviceIds, agent);
    }

    private TrackedParticipant track(BackupParticipant p, int ranking) {
        return new TrackedParticipant(p.id(), ranking, ++serviceIds, p);
    }

    private BackupResult run(List<TrackedAgent> agents, List<TrackedParticipant> ps, Duration timeout)
            throws Exception {
        return run(agents, ps, timeout, java.util.Optional.empty());
    }

    private BackupResult run(List<TrackedAgent> agents, List<TrackedParticipant> ps, Duration timeout,
            java.util.Optional<Password> password) throws Exception {
        ManagerSettings settings = new ManagerSettings(Map.of("config", source), List.of(), staging, 3, 1, timeout,
                UnreadableFilePolicy.FAIL, java.util.Set.of());
        Instant now = Instant.now();
        BackupPlan plan = new BackupPlan(BackupIds.newId(now), "test backup", now, agents, settings.sources(), ps,
                settings, Map.of("origin", "test"), password);
        BackupCreation creation = BackupCreation.of(plan, new BackupCreation.Services(participants, uploads,
                new EventPublisher(), new FailedUploads(10), "test runtime", activeRun::set), () -> {
                });
        Thread t = new Thread(creation, "test-backup");
        t.start();
        return creation.job().completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private void assertStagingEmpty() throws IOException {
        if (Files.exists(staging)) {
            try (Stream<Path> s = Files.list(staging)) {
                assertEquals(List.of(), s.toList(), "staging must be emptied");
            }
        }
    }

    @Test
    void everyAgentGetsTheSameArchiveAndStagingIsEmptied() throws Exception {
        TestAgent a = new TestAgent("a", null);
        TestAgent b = new TestAgent("b", null);
        BackupResult r = run(List.of(track(a), track(b)), List.of(), Duration.ofSeconds(5));
        assertEquals(BackupResult.Status.SUCCEEDED, r.status(), r.toString());
        byte[] archive = a.stored.get(r.backupId());
        assertTrue(archive.length > 0);
        assertTrue(java.util.Arrays.equals(archive, b.stored.get(r.backupId())));
        assertEquals(archive.length, r.metadata().orElseThrow().size());
        assertEquals(List.of("config"), r.metadata().orElseThrow().contents());
        assertEquals(Map.of("origin", "test"), r.metadata().orElseThrow().extras(),
                "the request's extras must reach the metadata");
        assertEquals(r.metadata().orElseThrow(), a.metadata.get(r.backupId()));
        assertStagingEmpty();
    }

    @Test
    void anUnprotectedBackupOfAConfigurationFileHoldingASecretWarnsNamingThePidAndKeyButNotTheValue()
            throws Exception {
        Files.writeString(source.resolve("org.homeautomation.backup.agent.s3-nas.cfg"),
                "bucket = backups\naccessKey = AKIAEXAMPLE\nsecretKey = wJalrXUtnFEMI-K7MDENG\n");
        TestAgent a = new TestAgent("a", null);
        BackupResult r = run(List.of(track(a)), List.of(), Duration.ofSeconds(5));
        assertEquals(BackupResult.Status.SUCCEEDED, r.status(), r.toString());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        String warning = r.warnings().get(0);
        assertTrue(warning.contains("configuration org.homeautomation.backup.agent.s3-nas"), warning);
        assertTrue(warning.contains("'secretKey'") && warning.contains("unprotected on a"), warning);
        assertFalse(warning.contains("wJalrXUtnFEMI"), warning);
    }

    @Test
    void aProtectedBackupOfAConfigurationFileHoldingASecretDoesNotWarn() throws Exception {
        Files.writeString(source.resolve("org.homeautomation.backup.agent.s3-nas.cfg"), "secretKey = wJalrXUtn\n");
        TestAgent a = new TestAgent("a", null);
        BackupResult r = run(List.of(track(a)), List.of(), Duration.ofSeconds(5),
                Password.of("long enough words".toCharArray()));
        assertEquals(BackupResult.Status.SUCCEEDED, r.status(), r.toString());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void anAgentThatThrowsAnythingFailsAloneWithAReason() throws Exception {
        TestAgent good = new TestAgent("good", null);
        TestAgent checked = new TestAgent("checked", s -> {
            throw new BackupAgentException("Agent 'checked': share offline");
        });
        TestAgent runtime = new TestAgent("runtime", s -> {
            throw new IllegalStateException("bug");
        });
        TestAgent error = new TestAgent("error", s -> {
            throw new AssertionError("worse bug");
        });
        BackupResult r = run(List.of(track(good), track(checked), track(runtime), track(error)), List.of(),
                Duration.ofSeconds(5));
        assertEquals(BackupResult.Status.PARTIALLY_FAILED, r.status());
        assertTrue(r.uploads().get("good").isSuccess());
        assertEquals("Agent 'checked': share offline", r.uploads().get("checked").failureReason().orElseThrow());
        assertTrue(r.uploads().get("runtime").failureReason().orElseThrow().contains("bug"));
        assertTrue(r.uploads().get("error").failureReason().orElseThrow().contains("worse bug"));
        assertTrue(good.stored.containsKey(r.backupId()));
    }

    @Test
    void anAgentRemovedMidUploadFailsAtOnceAndTheOthersComplete() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        TestAgent stuck = new TestAgent("stuck", s -> {
            entered.countDown();
            // Ignores interruption, as a badly written agent would.
            while (true) {
                try {
                    never.await();
                    return;
                } catch (InterruptedException e) {
                    // keep hanging
                }
            }
        });
        TestAgent good = new TestAgent("good", null);
        TrackedAgent trackedStuck = track(stuck);
        Thread remover = new Thread(() -> {
            try {
                entered.await();
                activeRun.get().agentRemoved(trackedStuck);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        remover.start();
        BackupResult r = run(List.of(trackedStuck, track(good)), List.of(), Duration.ofSeconds(5));
        never.countDown();
        assertEquals(BackupResult.Status.PARTIALLY_FAILED, r.status());
        assertTrue(r.uploads().get("stuck").failureReason().orElseThrow().contains("removed during the upload"));
        assertTrue(r.uploads().get("good").isSuccess());
    }

    @Test
    void participantsRunInRankingOrderAndTheirDumpIsArchived() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        BackupParticipant db = new RecordingParticipant("db", calls) {
            @Override
            public void preBackup(BackupContext context) throws Exception {
                super.preBackup(context);
                Files.writeString(context.stagingDirectory().resolve("dump.sql"), "INSERT 1;");
            }
        };
        BackupParticipant cache = new RecordingParticipant("cache", calls);
        TestAgent a = new TestAgent("a", null);
        BackupResult r = run(List.of(track(a)), List.of(track(db, 10), track(cache, 0)), Duration.ofSeconds(5));
        assertEquals(BackupResult.Status.SUCCEEDED, r.status(), r.toString());
        assertEquals(List.of("pre db", "pre cache", "post cache succeeded", "post db succeeded"), calls);
        assertEquals(List.of("config", "db"), r.metadata().orElseThrow().contents(),
                "cache wrote nothing (it only pauses writes), so the archive has no content of that name");
        assertStagingEmpty();
    }

    @Test
    void aHangingParticipantTimesOutAndPostStillRunsForTheOthers() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch never = new CountDownLatch(1);
        BackupParticipant hangs = new RecordingParticipant("hangs", calls) {
            @Override
            public void preBackup(BackupContext context) throws Exception {
                super.preBackup(context);
                never.await();
            }
        };
        TestAgent a = new TestAgent("a", null);
        BackupResult r = run(List.of(track(a)),
                List.of(track(new RecordingParticipant("first", calls), 5), track(hangs, 0)), Duration.ofSeconds(1));
        assertEquals(BackupResult.Status.FAILED, r.status());
        String reason = r.failureReason().orElseThrow();
        assertTrue(reason.contains("'hangs'") && reason.contains("preBackup") && reason.contains("1 s"), reason);
        assertTrue(calls.contains("post first failed"), calls.toString());
        assertTrue(a.stored.isEmpty(), "nothing may be uploaded after a failed backup");
        assertStagingEmpty();
    }

    @Test
    void aFullDiskFailsTheBackupEmptiesStagingAndUploadsNothing() throws Exception {
        Path small = Files.createDirectories(temp.resolve("small"));
        Preconditions.require(mountTmpfs(small, "1m"), "Cannot mount a tmpfs at " + small + ": run as root");
        try {
            staging = small.resolve("staging");
            byte[] noise = new byte[4 << 20];
            new Random(1).nextBytes(noise);
            Files.write(source.resolve("incompressible.bin"), noise);
            List<String> calls = Collections.synchronizedList(new ArrayList<>());
            TestAgent a = new TestAgent("a", null);
            BackupResult r = run(List.of(track(a)), List.of(track(new RecordingParticipant("p", calls), 0)),
                    Duration.ofSeconds(5));
            assertEquals(BackupResult.Status.FAILED, r.status());
            String reason = r.failureReason().orElseThrow();
            assertTrue(reason.contains("Could not write the archive") && reason.contains(staging.toString()),
                    reason);
            assertTrue(calls.get(calls.size() - 1).startsWith("post p failed"), calls.toString());
            assertTrue(a.stored.isEmpty());
            assertStagingEmpty();
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    private static boolean mountTmpfs(Path dir, String size) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static class RecordingParticipant implements BackupParticipant {
        private final String id;
        private final List<String> calls;

        RecordingParticipant(String id, List<String> calls) {
            this.id = id;
            this.calls = calls;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void preBackup(BackupContext context) throws Exception {
            calls.add("pre " + id);
        }

        @Override
        public void postBackup(BackupContext context, BackupOutcome outcome) {
            calls.add("post " + id + " " + (outcome.isSuccess() ? "succeeded" : "failed"));
        }
    }
}
