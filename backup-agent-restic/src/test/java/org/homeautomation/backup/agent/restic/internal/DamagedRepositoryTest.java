package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.support.secret.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files fail with a message naming the repository, the file and what to do; never with wrong bytes. */
class DamagedRepositoryTest {
    private static final String PASSWORD = "damage test";

    @TempDir
    Path work;

    private ResticBackupAgent agentWithOneBackup(Path repo, byte[] data) throws Exception {
        Repository.initialize(repo, PASSWORD);
        ResticBackupAgent agent = new ResticBackupAgent("damaged", "damaged", repo, new Secret(PASSWORD), false);
        agent.upload(TestStreams.source(data), TestStreams.metadata("one", data), n -> { });
        return agent;
    }

    private static void flipByte(Path file, long at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) at] ^= 0x40;
        Files.write(file, bytes);
    }

    @Test
    void aDamagedDataPackFailsTheDownloadNamingThePack() throws Exception {
        Path repo = work.resolve("repo");
        ResticBackupAgent agent = agentWithOneBackup(repo, TestStreams.randomBytes(30, 2 * 1024 * 1024));
        Repository repository = Repository.open(repo, PASSWORD);
        BlobLocation first = RepositoryIndex.load(repository).blobs().stream()
                .filter(b -> b.type() == BlobType.DATA && b.plaintextLength() > 1024).findFirst().orElseThrow();
        RepositoryFolder folder = (RepositoryFolder) repository.storage();
        flipByte(folder.path(RepositoryStorage.FileType.PACK, first.packId()), first.offset() + 100);

        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = agent.download("one")) {
                in.readAllBytes();
            }
        });

        assertTrue(e.getMessage().contains(first.packId()) && e.getMessage().contains(repo.toString())
                && e.getMessage().contains("restic check --read-data"), e.getMessage());
    }

    @Test
    void aDamagedIndexFailsListingNamingTheFileAndWritesNothing() throws Exception {
        Path repo = work.resolve("repo");
        agentWithOneBackup(repo, TestStreams.randomBytes(31, 1000));
        Repository repository = Repository.open(repo, PASSWORD);
        String indexFile = repository.storage().list(RepositoryStorage.FileType.INDEX).get(0);
        flipByte(((RepositoryFolder) repository.storage()).path(RepositoryStorage.FileType.INDEX, indexFile),
                40);
        ResticBackupAgent fresh = new ResticBackupAgent("fresh", "fresh", repo, new Secret(PASSWORD), false);
        List<String> packsBefore = repository.storage().list(RepositoryStorage.FileType.PACK);

        BackupAgentException listing = assertThrows(BackupAgentException.class, fresh::list);
        BackupAgentException upload = assertThrows(BackupAgentException.class, () -> fresh.upload(
                TestStreams.source(new byte[10]), TestStreams.metadata("two", new byte[10]), n -> { }));

        for (BackupAgentException e : List.of(listing, upload)) {
            assertTrue(e.getMessage().contains(indexFile) && e.getMessage().contains(repo.toString())
                    && e.getMessage().contains("restic check"), e.getMessage());
        }
        assertEquals(packsBefore, repository.storage().list(RepositoryStorage.FileType.PACK));
        assertEquals(List.of(), repository.storage().list(RepositoryStorage.FileType.LOCK));
    }
}
