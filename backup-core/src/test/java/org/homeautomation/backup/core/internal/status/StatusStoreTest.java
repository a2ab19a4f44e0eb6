package org.homeautomation.backup.core.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status file in the data area: what one component instance writes, a new one (after a restart) reads, and the
 * manager's cache sees each change.
 */
class StatusStoreTest {
    @TempDir
    Path dataArea;

    private static AutomaticBackupStatus failedStatus() {
        return AutomaticBackupStatus.builder()
                .lastAttempt(Instant.parse("2025-06-02T02:45:12.345Z"))
                .lastSuccess(Instant.parse("2025-06-01T02:45:00Z"))
                .nextRun(Instant.parse("2025-06-03T03:11:40Z"))
                .lastBackupId("20250602-024512-0a1b2c3d")
                .lastFailure("Automatic backup 20250602-024512-0a1b2c3d was not stored everywhere: nas: \"503\"\n")
                .failedAgents(Map.of("nas", "Agent 'nas': the endpoint answered 503", "usb", "not registered"))
                .lastVerification(Instant.parse("2025-06-02T02:47:00Z"))
                .lastVerifiedBackupId("20250602-024512-0a1b2c3d")
                .verifiedCopies(Map.of("local", "ok: size, SHA-256 digest and 12 entries of every content read"
                        + " through", "usb", "DAMAGED: [content 'etc'] its SHA-256 is ..."))
                .damagedCopies(Map.of("usb", "DAMAGED: [content 'etc'] its SHA-256 is ..."))
                .build();
    }

    @Test
    void aNewInstanceReadsWhatTheLastOneWrote() throws IOException {
        StoredStatus written = new StoredStatus(failedStatus(), true);
        StatusStore.in(dataArea).write(written);

        StoredStatus read = StatusStore.in(dataArea).read();

        assertEquals(written, read);
        try (Stream<Path> files = Files.list(dataArea)) {
            assertEquals(List.of(dataArea.resolve(StatusStore.FILE_NAME)), files.toList(),
                    "no temporary file may be left beside the status");
        }
    }

    @Test
    void noFileMeansNothingRecordedYet() throws IOException {
        assertEquals(StoredStatus.EMPTY, StatusStore.in(dataArea).read());
    }

    @Test
    void aDamagedFileIsReportedWithItsPath() throws IOException {
        Path file = dataArea.resolve(StatusStore.FILE_NAME);
        Files.writeString(file, "{\"lastAttempt\": \"yesterday\"}");
        IOException e = assertThrows(IOException.class, () -> StatusStore.in(dataArea).read());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("lastAttempt"),
                e.getMessage());
        Files.writeString(file, "{\"lastAttempt\": \"2025-06-02T02:45:12Z\", ");
        assertThrows(IOException.class, () -> StatusStore.in(dataArea).read());
    }

    @Test
    void theInstallationIdIsMadeOnceAndKept() throws IOException {
        String id = InstallationId.load(dataArea);
        UUID.fromString(id);
        assertEquals(id, InstallationId.load(dataArea));
        assertEquals(id, Files.readString(dataArea.resolve(InstallationId.FILE_NAME)).trim());

        Files.writeString(dataArea.resolve(InstallationId.FILE_NAME), "garbage");
        String replaced = InstallationId.load(dataArea);
        UUID.fromString(replaced);
        assertNotEquals(id, replaced);
    }
}
