package org.homeautomation.backup.karaf.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.shell.support.CommandException;
import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.ParticipantInfo;
import org.homeautomation.backup.api.RetentionDecision;
import org.homeautomation.backup.console.FakeBackupManager;
import org.homeautomation.backup.support.files.ArchiveFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller commands: info, delete, download, agents, status, and the completers. */
class CommandsTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Consoles console = new Consoles();

    private void addBackup(String id) {
        manager.backups.add(Backup.builder().metadata(FakeBackupManager.metadata(id, "Nightly", T1, 2048, false))
                .agentIds(Set.of("local", "s3")).failedAgents(Map.of("nas", "share not mounted")).build());
    }

    @Test
    void infoShowsTheFactsOfOneBackup() throws Exception {
        addBackup("b1");
        InfoCommand info = console.attach(new InfoCommand(), manager);
        info.backupId = "b1";

        info.execute();

        List<String> lines = console.text().lines().toList();
        assertTrue(lines.contains("ID:             b1"), console.text());
        assertTrue(lines.contains("Created:        2024-01-02 03:04:05"), console.text());
        assertTrue(lines.contains("Size:           2.0 KiB (2048 bytes)"), console.text());
        assertTrue(lines.contains("Agents:         local, s3"), console.text());
        assertTrue(lines.contains("Failed agent:   nas: share not mounted"), console.text());
    }

    @Test
    void infoOfAnUnknownBackupIsOneLineWithTheManagersReason() {
        InfoCommand info = console.attach(new InfoCommand(), manager);
        info.backupId = "nope";

        CommandException e = assertThrows(CommandException.class, info::execute);

        assertEquals("Cannot show backup nope: Backup nope is not held by any agent (local, s3)", e.getMessage());
        assertEquals("", console.text());
    }

    @Test
    void deleteWithoutAgentsDeletesEverywhereAndSaysWhere() throws Exception {
        addBackup("b1");
        DeleteCommand delete = console.attach(new DeleteCommand(), manager);
        delete.backupId = "b1";

        delete.execute();

        assertEquals(List.of("b1 []"), manager.deleted);
        assertEquals("Deleted backup b1 from local, s3.", console.text().strip());
    }

    @Test
    void deleteFromNamedAgentsPassesThemOn() throws Exception {
        addBackup("b1");
        DeleteCommand delete = console.attach(new DeleteCommand(), manager);
        delete.backupId = "b1";
        delete.agents = List.of("s3");

        delete.execute();

        assertEquals(List.of("b1 [s3]"), manager.deleted);
        assertEquals("Deleted backup b1 from s3.", console.text().strip());
    }

    @Test
    void aFailedDeleteIsOneLine() {
        addBackup("b1");
        manager.deleteFailure = new BackupAgentException("Agent s3 could not delete b1: access denied\n"
                + "Agent local could not delete b1: read-only file system");
        DeleteCommand delete = console.attach(new DeleteCommand(), manager);
        delete.backupId = "b1";

        CommandException e = assertThrows(CommandException.class, delete::execute);

        assertEquals("Cannot delete backup b1: Agent s3 could not delete b1: access denied Agent local could not"
                + " delete b1: read-only file system", e.getMessage());
    }

    @Test
    void downloadWritesTheArchiveToTheFileAndLeavesNothingElse(@TempDir Path dir) throws Exception {
        manager.archives.put("b1", "archive bytes".getBytes(StandardCharsets.UTF_8));
        DownloadCommand download = console.attach(new DownloadCommand(), manager);
        download.backupId = "b1";
        download.file = dir.resolve("b1.tar").toString();

        download.execute();

        assertEquals("archive bytes", Files.readString(dir.resolve("b1.tar")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("b1.tar")), files.toList());
        }
        assertEquals("Saved backup b1 to " + dir.resolve("b1.tar") + " (13 B).", console.text().strip());
    }

    @Test
    void downloadNeverOverwritesAFile(@TempDir Path dir) throws Exception {
        manager.archives.put("b1", "archive bytes".getBytes(StandardCharsets.UTF_8));
        Path existing = Files.writeString(dir.resolve("keep.tar"), "precious");
        DownloadCommand download = console.attach(new DownloadCommand(), manager);
        download.backupId = "b1";
        download.file = existing.toString();

        CommandException e = assertThrows(CommandException.class, download::execute);

        assertTrue(e.getMessage().startsWith("Cannot download backup b1 to " + existing + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("the file exists"), e.getMessage());
        assertEquals("precious", Files.readString(existing));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aDownloadThatFailsWhileReadingLeavesNoFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("b1.tar");

        java.io.IOException e = assertThrows(java.io.IOException.class, () -> ArchiveFiles.save(
                new java.io.InputStream() {
                    private boolean served;

                    @Override
                    public int read() throws java.io.IOException {
                        return read(new byte[1], 0, 1);
                    }

                    // The bytes first, then the failure the manager's stream throws at its end when the digest differs.
                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        if (served) {
                            throw new java.io.IOException("SHA-256 of backup b1 does not match its metadata");
                        }
                        served = true;
                        java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                        return len;
                    }
                }, target));

        assertEquals("SHA-256 of backup b1 does not match its metadata", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void agentsShowsEachAgentAndWhetherItCanReachItsStorage() throws Exception {
        manager.agents.add(AgentInfo.of("local", "Local folder", "org.homeautomation.backup.agent.local"));
        manager.agents.add(AgentInfo.of("s3", "S3 bucket", "org.homeautomation.backup.agent.s3"));
        manager.agentErrors.put("s3", "endpoint does not answer");

        console.attach(new AgentsCommand(), manager).execute();

        List<String> lines = console.text().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("local\\s*\\|\\s*Local folder\\s*\\|\\s*"
                + "org.homeautomation.backup.agent.local\\s*\\|\\s*yes\\s*")), console.text());
        assertTrue(lines.stream().anyMatch(l -> l.matches("s3\\s*\\|\\s*S3 bucket\\s*\\|.*\\|\\s*no\\s*")),
                console.text());
        assertEquals("Agent s3 is not available: endpoint does not answer", lines.get(lines.size() - 1));
    }

    @Test
    void participantsShowsWhichTakePartAndWhyAnIgnoredOneDoesNot() throws Exception {
        manager.participants.add(ParticipantInfo.active("zigbee", "org.example.zigbee", 10));
        manager.participants.add(ParticipantInfo.ignored("etc", "org.example.db", 0,
                "Participant 'etc' of bundle org.example.db is ignored: a configured source has that name. Give the"
                        + " participant another id."));

        console.attach(new ParticipantsCommand(), manager).execute();

        List<String> lines = console.text().lines().toList();
        assertTrue(lines.get(0).matches("ID\\s*\\|\\s*Bundle\\s*\\|\\s*Ranking\\s*\\|\\s*Takes part\\s*\\|\\s*Problem\\s*"),
                console.text());
        assertTrue(lines.stream().anyMatch(l -> l.matches("zigbee\\s*\\|\\s*org.example.zigbee\\s*\\|\\s*10\\s*\\|"
                + "\\s*yes\\s*\\|\\s*-\\s*")), console.text());
        assertTrue(lines.stream().anyMatch(l -> l.matches("etc\\s*\\|\\s*org.example.db\\s*\\|\\s*0\\s*\\|\\s*no\\s*\\|"
                + "\\s*Participant 'etc' of bundle org.example.db is ignored: a configured source has that name\\."
                + " Give the participant another id\\.")), console.text());
    }

    @Test
    void withoutParticipantsTheCommandSaysSo() throws Exception {
        console.attach(new ParticipantsCommand(), manager).execute();

        assertEquals("No backup participants are registered: backups hold the configured sources only.",
                console.text().strip());
    }

    @Test
    void statusShowsStateLastAndNextAutomaticBackupAndTheLastFailure() throws Exception {
        manager.state = ManagerState.IDLE;
        AutomaticBackupStatus automatic = AutomaticBackupStatus.builder()
                .lastAttempt(Instant.parse("2024-03-01T02:00:00Z"))
                .lastSuccess(Instant.parse("2024-02-29T02:00:00Z"))
                .nextRun(Instant.parse("2024-03-02T02:00:00Z"))
                .lastBackupId("20240301-020000-beef")
                .lastFailure("1 of 2 agents failed")
                .failedAgents(Map.of("s3", "bucket is full"))
                .build();
        StatusCommand status = new StatusCommand();
        status.automatic = new AutomaticBackups() {
            @Override
            public AutomaticBackupStatus status() {
                return automatic;
            }

            @Override
            public List<RetentionDecision> previewRetention() {
                return List.of();
            }
        };

        console.attach(status, manager).execute();

        assertEquals(List.of(
                "State:                 idle",
                "Last automatic backup: 2024-03-01 02:00:00 (20240301-020000-beef)",
                "Last successful:       2024-02-29 02:00:00",
                "Next automatic run:    2024-03-02 02:00:00",
                "Last failure:          1 of 2 agents failed",
                "Failed agent:          s3: bucket is full"), console.text().lines().toList());
    }

    @Test
    void statusOfAnInstallationWithoutAutomaticBackups() throws Exception {
        console.attach(new StatusCommand(), manager).execute();

        assertEquals(List.of(
                "State:                 idle",
                "Last automatic backup: never",
                "Last successful:       never",
                "Next automatic run:    not scheduled",
                "Last failure:          none"), console.text().lines().toList());
    }

    @Test
    void completersOfferBackupIdsAgentIdsAndContentNames() {
        addBackup("b1");
        addBackup("b2");
        manager.agents.add(AgentInfo.of("local", "Local folder", "x"));
        manager.contents.addAll(List.of("config", "userdata"));
        BackupIdCompleter backups = new BackupIdCompleter();
        backups.manager = manager;
        AgentIdCompleter agents = new AgentIdCompleter();
        agents.manager = manager;
        ContentNameCompleter contents = new ContentNameCompleter();
        contents.manager = manager;

        assertEquals(List.of("b1", "b2"), backups.candidates());
        assertEquals(List.of("local"), agents.candidates());
        assertEquals(List.of("config", "userdata"), contents.candidates());
    }
}
