package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.agent.restic.internal.SnapshotJson.FileNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots we write, read by the stock restic, and restic's snapshots deduplicated against by ours. */
class SnapshotInteropTest {
    private static final String PASSWORD = "snapshot test";
    private static final int SIZE = 24 * 1024 * 1024;

    @TempDir
    Path work;

    private String store(Repository repository, String name, byte[] data) throws Exception {
        SnapshotWriter writer = new SnapshotWriter(repository, RepositoryIndex.load(repository));
        FileNode file = writer.storeFile(name, new ByteArrayInputStream(data), n -> { });
        return writer.commit(List.of(file), List.of("/" + name), List.of("test"));
    }

    @Test
    void resticListsDumpsAndChecksOurSnapshot() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");
        byte[] data = TestStreams.randomBytes(1, SIZE);

        String snapshot = store(Repository.open(repo, PASSWORD), "b1.tar", data);

        String listing = restic.run("snapshots", "--json");
        assertTrue(listing.contains(snapshot), listing);
        byte[] dumped = Files.readAllBytes(restic.dump(snapshot, "/b1.tar", work.resolve("dumped")));
        assertArrayEquals(data, dumped);
        restic.run("check", "--read-data");
    }

    @Test
    void ourChunksAreResticsChunks() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");
        byte[] data = TestStreams.randomBytes(2, SIZE);
        restic.runWithInput(TestStreams.write(work.resolve("in"), data), "backup", "--stdin", "--stdin-filename",
                "a.tar");
        Repository repository = Repository.open(repo, PASSWORD);

        SnapshotWriter writer = new SnapshotWriter(repository, RepositoryIndex.load(repository));
        FileNode file = writer.storeFile("a.tar", new ByteArrayInputStream(data), n -> { });
        writer.commit(List.of(file), List.of("/a.tar"), List.of("test"));

        assertTrue(file.content().size() > 5, "chunks: " + file.content().size());
        assertEquals(0, writer.dataBlobsAdded(), "restic's backup of the same bytes holds every chunk already");
        restic.run("check", "--read-data");
    }

    @Test
    void aSlightlyChangedStreamAddsOnlyAFraction() throws Exception {
        Path repo = work.resolve("repo");
        Repository repository = Repository.initialize(repo, PASSWORD);
        byte[] day1 = TestStreams.randomBytes(3, SIZE);
        byte[] day2 = TestStreams.withInsertion(day1, SIZE / 2, 1000);
        store(repository, "day1.tar", day1);
        long afterDay1 = TestStreams.packBytes(repo);

        String second = store(repository, "day2.tar", day2);

        long added = TestStreams.packBytes(repo) - afterDay1;
        assertTrue(afterDay1 >= SIZE, "day 1 stored " + afterDay1);
        // the chunks around the insertion, each at most 8 MiB and about 1 MiB on average
        assertTrue(added < SIZE / 3, "day 2 added " + added + " bytes of " + SIZE);
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        assertArrayEquals(day2, Files.readAllBytes(restic.dump(second, "/day2.tar", work.resolve("dumped"))));
        restic.run("check", "--read-data");
    }

    @Test
    void readsBackWhatItStoredAndWhatResticStored() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");
        byte[] ours = TestStreams.randomBytes(4, SIZE / 3);
        byte[] theirs = TestStreams.randomBytes(5, 3000);
        restic.runWithInput(TestStreams.write(work.resolve("in"), theirs), "backup", "--stdin", "--stdin-filename",
                "theirs.tar");
        Repository repository = Repository.open(repo, PASSWORD);
        String snapshot = store(repository, "ours.tar", ours);

        SnapshotReader reader = new SnapshotReader(repository);
        RepositoryIndex index = RepositoryIndex.load(repository);
        FileNode file = reader.rootFiles(reader.snapshot(snapshot), index).get(0);
        try (InputStream in = reader.open(file, index)) {
            assertArrayEquals(ours, in.readAllBytes());
        }
        for (String id : repository.storage().list(RepositoryStorage.FileType.SNAPSHOT)) {
            if (!id.equals(snapshot)) {
                FileNode their = reader.rootFiles(reader.snapshot(id), index).get(0);
                assertEquals("theirs.tar", their.name());
                try (InputStream in = reader.open(their, index)) {
                    assertArrayEquals(theirs, in.readAllBytes());
                }
            }
        }
    }

    @Test
    void anEmptyStreamIsAnEmptyFile() throws Exception {
        Path repo = work.resolve("repo");
        String snapshot = store(Repository.initialize(repo, PASSWORD), "empty.tar", new byte[0]);

        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        assertEquals(0, Files.size(restic.dump(snapshot, "/empty.tar", work.resolve("dumped"))));
        restic.run("check", "--read-data");
    }
}
