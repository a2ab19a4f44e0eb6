package org.homeautomation.backup.karaf.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.console.FakeBackupManager;
import org.junit.jupiter.api.Test;

class ListCommandTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");
    private static final Instant T2 = Instant.parse("2024-02-03T04:05:06Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Consoles console = new Consoles();

    @Test
    void listPrintsAHeaderAndOneRowPerBackupInTheManagersOrder() throws Exception {
        manager.backups.add(Backup.builder().metadata(FakeBackupManager.metadata("newer", "Nightly", T2, 2048, false))
                .agentIds(Set.of("local")).build());
        manager.backups.add(Backup.builder()
                .metadata(FakeBackupManager.metadata("older", "Before upgrade", T1, 100, true))
                .agentIds(Set.of("local", "s3")).build());

        console.attach(new ListCommand(), manager).execute();

        List<String> lines = console.text().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(0).matches("ID\\s*\\|\\s*Name\\s*\\|\\s*Date\\s*\\|\\s*Size\\s*\\|\\s*Protected\\s*\\|"
                + "\\s*Agents\\s*\\|\\s*Failed agents"), lines.get(0));
        List<String> rows = lines.stream().filter(l -> l.startsWith("newer") || l.startsWith("older")).toList();
        assertEquals(2, rows.size(), console.text());
        assertTrue(rows.get(0).matches("newer\\s*\\|\\s*Nightly\\s*\\|\\s*2024-02-03 04:05:06\\s*\\|\\s*2.0 KiB"
                + "\\s*\\|\\s*no\\s*\\|\\s*local\\s*\\|\\s*-\\s*"), rows.get(0));
        assertTrue(rows.get(1).matches("older\\s*\\|\\s*Before upgrade\\s*\\|.*\\|\\s*100 B\\s*\\|\\s*yes\\s*\\|"
                + "\\s*local,s3\\s*\\|\\s*-\\s*"), rows.get(1));
    }

    @Test
    void agentsThatCouldNotBeListedAreNamedWithTheirReason() throws Exception {
        manager.agentErrors.put("s3", "endpoint https://minio.local does not answer");

        console.attach(new ListCommand(), manager).execute();

        assertEquals("No backups.\nAgent s3 could not be listed, its backups are missing above: endpoint"
                + " https://minio.local does not answer\n", console.text().replace("\r\n", "\n"));
        assertFalse(console.text().contains("ID"));
    }
}
