package org.homeautomation.backup.agent.local.internal;

import static org.homeautomation.backup.agent.local.internal.TestArchives.MIB;
import static org.homeautomation.backup.agent.local.internal.TestArchives.fileNames;
import static org.homeautomation.backup.agent.local.internal.TestArchives.localFile;
import static org.homeautomation.backup.agent.local.internal.TestArchives.metadata;
import static org.homeautomation.backup.agent.local.internal.TestArchives.randomBytes;
import static org.homeautomation.backup.agent.local.internal.TestArchives.streamOnly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.agent.local.internal.TestArchives.RecordedProgress;
import org.homeautomation.backup.testsupport.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour on a real second file system: a small tmpfs as the agent's folder, while the manager's archive lies in the
 * temporary folder on another file system.
 */
class LocalBackupAgentFileSystemTest {
    @TempDir
    Path tmp;

    @Test
    void copiesWhenTheArchiveIsOnAnotherFileSystem() throws Exception {
        byte[] content = randomBytes(3 * MIB, 20);
        Path source = Files.write(tmp.resolve("archive.tar"), content);
        try (Tmpfs tmpfs = Tmpfs.mount(tmp.resolve("drive"), "8m")) {
            assertFalse(Files.getFileStore(source).equals(Files.getFileStore(tmpfs.path())), "two file systems");
            LocalBackupAgent agent = new LocalBackupAgent("usb", "USB drive", tmpfs.path());
            RecordedProgress progress = new RecordedProgress();

            agent.upload(localFile(source), metadata("across", content), progress);

            assertEquals(List.of((long) MIB, 2L * MIB, 3L * MIB), progress.values(), "a streamed copy");
            assertEquals(1, Files.getAttribute(source, "unix:nlink"));
            assertEquals(List.of(metadata("across", content)), agent.list());
            try (InputStream in = agent.download("across")) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @Test
    void aFullDiskFailsTheUploadAndLeavesTheFolderAsItWas() throws Exception {
        byte[] small = randomBytes(10_000, 21);
        byte[] large = randomBytes(3 * MIB, 22);
        Path source = Files.write(tmp.resolve("archive.tar"), large);
        try (Tmpfs tmpfs = Tmpfs.mount(tmp.resolve("drive"), "2m")) {
            LocalBackupAgent agent = new LocalBackupAgent("usb", "USB drive", tmpfs.path());
            BackupMetadata kept = metadata("kept", small);
            agent.upload(streamOnly(small), kept, new RecordedProgress());
            List<String> before = fileNames(tmpfs.path());

            BackupAgentException e = assertThrows(BackupAgentException.class,
                    () -> agent.upload(localFile(source), metadata("too-large", large), new RecordedProgress()));

            assertSame(BackupAgentException.class, e.getClass(), e.toString());
            assertEquals("Local agent 'usb': could not write backup too-large to "
                    + tmpfs.path().resolve("too-large.tar") + ": No space left on device", e.getMessage());
            assertEquals(before, fileNames(tmpfs.path()));
            assertEquals(List.of(kept), agent.list());
        }
    }

    @Test
    void aSidecarThatDoesNotFitRemovesTheArchiveAgain() throws Exception {
        try (Tmpfs tmpfs = Tmpfs.mount(tmp.resolve("drive"), "1m")) {
            LocalBackupAgent agent = new LocalBackupAgent("usb", "USB drive", tmpfs.path());
            // tmpfs counts whole pages of file data only, so an archive of exactly the free space fits and leaves
            // no page for the sidecar.
            long free = Files.getFileStore(tmpfs.path()).getUsableSpace();
            byte[] content = randomBytes(Math.toIntExact(free), 23);
            RecordedProgress progress = new RecordedProgress();

            BackupAgentException e = assertThrows(BackupAgentException.class,
                    () -> agent.upload(streamOnly(content), metadata("no-room", content), progress));

            assertEquals(content.length, progress.values().get(progress.values().size() - 1),
                    "the whole archive was written; the sidecar failed");
            assertTrue(e.getMessage().endsWith(": No space left on device"), e.getMessage());
            assertEquals(List.of(), fileNames(tmpfs.path()));
            assertEquals(List.of(), agent.list());
        }
    }
}
