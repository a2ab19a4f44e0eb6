package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.junit.jupiter.api.Test;

/** What backup:info prints of one backup, and how it fails. */
class BackupDetailsTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Screen screen = new Screen();
    private final BackupDetails details = new BackupDetails(manager, screen.console());

    @Test
    void infoShowsEveryFactAndACopyThatDiffers() {
        BackupMetadata clear = BackupMetadata.builder().id("b1").name("Nightly").createdAt(T1).size(2048)
                .sha256("0".repeat(64)).contents(List.of("etc", "data")).build();
        BackupMetadata local = clear.toBuilder().protectedBackup(true).size(2100).sha256("1".repeat(64)).build();
        manager.backups.add(Backup.builder().metadata(clear).copies(Map.of("local", local, "nas", clear)).build());

        details.info("b1");

        List<String> lines = screen.lines();
        assertEquals("ID:             b1", lines.get(0));
        assertTrue(lines.contains("Size:           2.0 KiB (2048 bytes)"), screen.text());
        assertTrue(lines.contains("Protected:      on local"), screen.text());
        assertTrue(lines.contains("Contents:       etc, data"), screen.text());
        assertTrue(lines.contains("Agents:         local, nas"), screen.text());
        assertTrue(lines.contains("Copy on local:  protected, 2.1 KiB, SHA-256 " + "1".repeat(64)), screen.text());
        assertTrue(lines.contains("Failed agents:  -"), screen.text());
    }

    @Test
    void anInvalidIdIsOneLineNamingIt() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> details.info("../etc"));

        assertTrue(e.getMessage().startsWith("Cannot show backup ../etc: "), e.getMessage());
        assertEquals(e.getMessage(), e.toString(), "what Gogo prints: the line alone");
        assertEquals(List.of(), screen.lines());
    }
}
