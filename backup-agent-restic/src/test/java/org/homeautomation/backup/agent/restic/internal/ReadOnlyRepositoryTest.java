package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.support.secret.Secret;
import org.homeautomation.backup.testsupport.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a drive that became read-only (mounted so, or remounted by the kernel after errors): an upload
 * fails with a message naming the repository and what to do, and what the repository holds can still be listed and
 * read. Root (a tmpfs remounted read-only), since root writes through file permissions.
 */
class ReadOnlyRepositoryTest {
    private static final String PASSWORD = "read-only test";

    @TempDir
    Path tmp;

    @Test
    void anUploadToAReadOnlyDriveFailsClearlyAndTheBackupsOnItStayReadable() throws Exception {
        try (Tmpfs drive = Tmpfs.mount(tmp.resolve("usb"), "16m")) {
            Path repo = drive.path().resolve("restic");
            Repository.initialize(repo, PASSWORD);
            byte[] first = TestStreams.randomBytes(1, 1024 * 1024);
            new ResticBackupAgent("usb", "usb", repo, new Secret(PASSWORD), false)
                    .upload(TestStreams.source(first), TestStreams.metadata("first", first), n -> { });
            drive.remountReadOnly();
            ResticBackupAgent agent = new ResticBackupAgent("usb", "usb", repo, new Secret(PASSWORD), false);
            byte[] second = TestStreams.randomBytes(2, 1024 * 1024);

            BackupAgentException failure = assertThrows(BackupAgentException.class,
                    () -> agent.upload(TestStreams.source(second), TestStreams.metadata("second", second), n -> { }));

            String message = failure.getMessage();
            assertTrue(message.contains(repo.toString()), message);
            assertTrue(message.contains("read-only"), message);
            assertTrue(message.contains("mount the drive read-write"), message);
            assertEquals(List.of("first"), agent.list().stream().map(BackupMetadata::id).toList());
            try (InputStream in = agent.download("first")) {
                assertArrayEquals(first, in.readAllBytes());
            }
        }
    }
}
