package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.homeautomation.backup.api.Backup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup:delete says where it deleted from; backup:download saves a new file, relative to the shell's folder. */
class DeleteAndDownloadTest {
    private final FakeBackupManager manager = new FakeBackupManager();
    private final Screen screen = new Screen();

    @TempDir
    Path folder;

    @BeforeEach
    void aBackupOnTwoAgents() {
        manager.backups.add(Backup.builder().metadata(FakeBackupManager.metadata("b1", "Nightly",
                Instant.parse("2024-01-02T03:04:05Z"), 13, false)).agentIds(Set.of("nas", "local")).build());
        manager.archives.put("b1", "clear archive".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deletingFromEveryHolderNamesThem() {
        new BackupDeletion(manager, screen.console()).delete("b1", List.of());

        assertEquals(List.of("b1 []"), manager.deleted);
        assertEquals(List.of("Deleted backup b1 from local, nas."), screen.lines());
    }

    @Test
    void deletingFromSomeAgentsNamesThoseOnly() {
        new BackupDeletion(manager, screen.console()).delete("b1", List.of("nas"));

        assertEquals(List.of("b1 [nas]"), manager.deleted);
        assertEquals(List.of("Deleted backup b1 from nas."), screen.lines());
    }

    @Test
    void aDownloadIsSavedRelativeToTheShellsFolder() throws Exception {
        new BackupDownload(manager, screen.console()).download("b1", folder, "b1.tar", null, false);

        assertEquals("clear archive", Files.readString(folder.resolve("b1.tar")));
        assertEquals(List.of("Saved backup b1 to " + folder.resolve("b1.tar") + " (13 B)."), screen.lines());
    }

    @Test
    void aDecryptingDownloadAsksThePasswordAndNeverPrintsIt() {
        screen.answering("guess");

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> new BackupDownload(manager, screen.console()).download("b1", folder, "b1.tar", "nas", true));

        assertTrue(e.getMessage().startsWith("Cannot download backup b1 to " + folder.resolve("b1.tar") + ": "),
                e.getMessage());
        assertEquals(List.of("Password of the backup: (hidden)"), screen.questions);
        assertFalse(e.getMessage().contains("guess"), e.getMessage());
        assertFalse(Files.exists(folder.resolve("b1.tar")));
    }
}
