package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.support.json.Json;
import org.homeautomation.backup.support.secret.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting reclaims space as restic's prune does, leaves others' snapshots whole, and honours restic's locks. */
class DeleteAndLockTest {
    private static final String PASSWORD = "delete test";
    private static final int SIZE = 16 * 1024 * 1024;

    @TempDir
    Path work;

    private static ResticBackupAgent agentOn(Path repo) {
        return new ResticBackupAgent("restic-test", "restic (test)", repo, new Secret(PASSWORD), false);
    }

    private static void upload(ResticBackupAgent agent, String id, byte[] data) throws Exception {
        agent.upload(TestStreams.source(data), TestStreams.metadata(id, data), n -> { });
    }

    @Test
    void deletingReclaimsOurSpaceAndLeavesResticsSnapshotWhole() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");
        byte[] theirs = TestStreams.randomBytes(10, SIZE / 2);
        restic.runWithInput(TestStreams.write(work.resolve("theirs"), theirs), "backup", "--stdin",
                "--stdin-filename", "theirs.bin");
        long resticOnly = TestStreams.packBytes(repo);
        ResticBackupAgent agent = agentOn(repo);
        byte[] day1 = TestStreams.randomBytes(11, SIZE);
        byte[] day2 = TestStreams.withInsertion(day1, SIZE / 2, 5000);
        upload(agent, "day1", day1);
        upload(agent, "day2", day2);
        long withBoth = TestStreams.packBytes(repo);

        agent.delete("day1");

        long afterFirst = TestStreams.packBytes(repo);
        assertTrue(afterFirst < withBoth, "deleting day1 freed nothing: " + withBoth + " -> " + afterFirst);
        assertTrue(afterFirst > resticOnly + SIZE, "day2's blobs must stay: " + afterFirst);
        restic.run("check", "--read-data");
        try (InputStream in = agent.download("day2")) {
            assertArrayEquals(day2, in.readAllBytes());
        }

        agent.delete("day2");

        assertEquals(List.of(), agent.list());
        long afterAll = TestStreams.packBytes(repo);
        assertTrue(afterAll < resticOnly + 64 * 1024, "after deleting all ours " + afterAll + " bytes remain, restic's"
                + " own snapshot took " + resticOnly);
        restic.run("check", "--read-data");
        String snapshots = restic.run("snapshots", "--json");
        String theirId = snapshots.replaceAll("(?s).*\"id\":\"([0-9a-f]{64})\".*", "$1");
        assertArrayEquals(theirs, Files.readAllBytes(restic.dump(theirId, "/theirs.bin", work.resolve("dumped"))));
    }

    @Test
    void aMostlyUnusedPackIsRepackedKeepingTheBlobsStillUsed() throws Exception {
        Path repo = work.resolve("repo");
        Repository repository = Repository.initialize(repo, PASSWORD);
        // cut points depend on the repository's random polynomial: take data whose first chunk is under 40% of it,
        // so that deleting a leaves its pack more than half unused
        byte[] a = null;
        byte[] b = null;
        for (int seed = 12; b == null || b.length > a.length * 2 / 5; seed++) {
            a = TestStreams.randomBytes(seed, 3 * 1024 * 1024);
            Chunker.Chunk first = new Chunker(new ByteArrayInputStream(a), repository.chunkerPolynomial()).next();
            b = java.util.Arrays.copyOf(first.data(), first.length());
        }
        ResticBackupAgent agent = agentOn(repo);
        upload(agent, "a", a); // one pack: all of a's chunks
        upload(agent, "b", b); // its one chunk is a's first: nothing new but metadata and tree
        List<String> packsBefore = repository.storage().list(RepositoryStorage.FileType.PACK);

        agent.delete("a");

        List<String> packsAfter = repository.storage().list(RepositoryStorage.FileType.PACK);
        assertTrue(packsAfter.stream().anyMatch(p -> !packsBefore.contains(p)), "a new pack holds b's chunk");
        assertTrue(TestStreams.packBytes(repo) < 2 * 1024 * 1024, "a's other chunks are gone: "
                + TestStreams.packBytes(repo));
        try (InputStream in = agent.download("b")) {
            assertArrayEquals(b, in.readAllBytes());
        }
        ResticCommand.on(repo, PASSWORD).run("check", "--read-data");
    }

    @Test
    void packsNamedByTwoIndexFilesArePrunedIntoAnIndexThatNamesEachBlobOnce() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");
        restic.runWithInput(TestStreams.write(work.resolve("theirs"), TestStreams.randomBytes(13, SIZE / 4)),
                "backup", "--stdin", "--stdin-filename", "theirs.bin");
        ResticBackupAgent agent = agentOn(repo);
        upload(agent, "ours", TestStreams.randomBytes(14, SIZE / 4));
        Repository repository = Repository.open(repo, PASSWORD);
        for (String file : repository.storage().list(RepositoryStorage.FileType.INDEX)) {
            // the same content again under a new name (a new IV): overlapping index files, as restic allows
            repository.saveJson(RepositoryStorage.FileType.INDEX,
                    repository.loadJson(RepositoryStorage.FileType.INDEX, file));
        }
        restic.run("check");

        agent.delete("ours");

        restic.run("check", "--read-data");
        List<String> indexFiles = repository.storage().list(RepositoryStorage.FileType.INDEX);
        assertEquals(1, indexFiles.size());
        String index = new String(repository.loadJson(RepositoryStorage.FileType.INDEX, indexFiles.get(0)),
                StandardCharsets.UTF_8);
        List<String> blobIds = java.util.regex.Pattern.compile("\\{\"id\":\"([0-9a-f]{64})\",\"type\"")
                .matcher(index).results().map(m -> m.group(1)).toList();
        assertEquals(new java.util.HashSet<>(blobIds).size(), blobIds.size(), "blobs named twice: " + index);
    }

    @Test
    void aLiveExclusiveLockOfAnotherProcessStopsAnUploadNamingIt() throws Exception {
        Path repo = work.resolve("repo");
        Repository repository = Repository.initialize(repo, PASSWORD);
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            writeLock(repository, other.pid(), OffsetDateTime.now(), true);
            ResticBackupAgent agent = agentOn(repo);

            AgentUnavailableException e = assertThrows(AgentUnavailableException.class,
                    () -> upload(agent, "blocked", new byte[100]));

            assertTrue(e.getMessage().contains("locked exclusively by process " + other.pid()), e.getMessage());
            assertTrue(e.getMessage().contains("restic unlock"), e.getMessage());
            assertEquals(List.of(), agent.list());
        } finally {
            other.destroy();
        }
    }

    @Test
    void staleLocksAreIgnored() throws Exception {
        Path repo = work.resolve("repo");
        Repository repository = Repository.initialize(repo, PASSWORD);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        writeLock(repository, dead.pid(), OffsetDateTime.now(), true);
        writeLock(repository, ProcessHandle.current().pid(), OffsetDateTime.now().minusMinutes(31), true);
        ResticBackupAgent agent = agentOn(repo);

        upload(agent, "through", new byte[100]);
        agent.delete("through");

        assertEquals(List.of(), agent.list());
        assertEquals(1, repository.storage().list(RepositoryStorage.FileType.LOCK).size(),
                "the dead process's lock is removed, as 'restic unlock' would; the old one of a live one stays");
    }

    @Test
    void resticHonoursOurLockAndReadsIt() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");
        Repository repository = Repository.open(repo, PASSWORD);

        try (RepositoryLock lock = RepositoryLock.acquire(repository, false)) {
            ResticCommand.Result prune = restic.runWithInput(null, "prune");
            assertNotEquals(0, prune.exitCode(), "restic prune while we hold a lock");
            assertTrue(prune.stderr().contains("locked"), prune.stderr());
            assertEquals(64, restic.run("list", "locks").trim().length(), "restic lists our one lock");
        }
        assertEquals("", restic.run("list", "locks").trim(), "our lock is gone once released");
        restic.run("prune");
    }

    private static void writeLock(Repository repository, long pid, OffsetDateTime time, boolean exclusive)
            throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", SnapshotJson.format(time));
        json.put("exclusive", exclusive);
        json.put("hostname", KeyFile.hostname());
        json.put("username", "someone");
        json.put("pid", pid);
        json.put("uid", 1000L);
        json.put("gid", 1000L);
        repository.saveJson(RepositoryStorage.FileType.LOCK, Json.write(json).getBytes(StandardCharsets.UTF_8));
        assertFalse(repository.storage().list(RepositoryStorage.FileType.LOCK).isEmpty());
    }
}
