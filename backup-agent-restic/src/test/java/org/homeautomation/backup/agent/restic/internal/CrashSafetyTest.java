package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.support.secret.Secret;
import org.homeautomation.backup.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload killed with SIGKILL midway (a child JVM) leaves no snapshot and a repository that restic's check passes;
 * the next upload of the same bytes reuses the packs the killed one finished.
 */
class CrashSafetyTest {
    private static final String PASSWORD = "crash test";
    private static final int SIZE = 40 * 1024 * 1024;
    private static final int PAUSE_AT = 30 * 1024 * 1024;
    private static final long SEED = 21;

    @TempDir
    Path work;

    @Test
    void aKilledUploadLeavesACheckableRepositoryAndItsPacksAreReused() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");
        Path marker = work.resolve("paused");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledUpload.class.getName(), repo.toString(), PASSWORD,
                marker.toString(), Integer.toString(SIZE), Integer.toString(PAUSE_AT), Long.toString(SEED))
                .redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile()).start();
        try {
            Await.until("the child to read " + PAUSE_AT + " bytes", () -> Files.exists(marker) || !child.isAlive(),
                    Duration.ofMinutes(2));
            assertTrue(child.isAlive(), () -> "the child ended early: " + readLog());
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(1, TimeUnit.MINUTES);
        }
        long leftBehind = TestStreams.packBytes(repo);
        assertTrue(leftBehind > SIZE / 3, "the killed upload finished packs: " + leftBehind);

        assertEquals("[]", restic.run("snapshots", "--json").trim());
        // restic 0.14 refuses to check while the killed process's lock is there, stale or not; 'unlock' removes it
        restic.run("unlock");
        restic.run("check");

        byte[] data = TestStreams.randomBytes(SEED, SIZE);
        ResticBackupAgent agent = new ResticBackupAgent("again", "again", repo, new Secret(PASSWORD), false);
        agent.upload(TestStreams.source(data), TestStreams.metadata("again", data), n -> { });

        long added = TestStreams.packBytes(repo) - leftBehind;
        // without the reuse it adds all SIZE bytes again; with it, what the killed one had not finished (margin for
        // chunks up to 8 MiB and a pack of 4 MiB that were under way)
        assertTrue(added < SIZE * 3 / 4, "the second upload reuses the finished packs, yet added " + added);
        try (InputStream in = agent.download("again")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(List.of("again"), agent.list().stream().map(BackupMetadata::id).toList());
        restic.run("check", "--read-data");
    }

    private String readLog() {
        try {
            return Files.readString(work.resolve("child.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
