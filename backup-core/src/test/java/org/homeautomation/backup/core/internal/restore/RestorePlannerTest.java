package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.create.TestAgent;
import org.homeautomation.backup.core.internal.participants.ParticipantRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore planner sends each content to its folder or participant, and refuses what it cannot restore. */
class RestorePlannerTest {
    private static final String ID = "20261203-080000-00000001";

    @TempDir
    Path dir;

    private final ParticipantRegistry participants = new ParticipantRegistry();
    private final RestorePlanner planner = new RestorePlanner(participants);
    private final TrackedAgent agent = new TrackedAgent("nas", "NAS", "test.bundle", 0, 1, new TestAgent("nas", null));
    private ManagerSettings settings;

    @BeforeEach
    void configure() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        settings = new ManagerSettings(Map.of("etc", etc), List.of(), dir.resolve("staging"), 3, 1,
                Duration.ofSeconds(5), UnreadableFilePolicy.FAIL, Set.of());
        participants.add(new NamedParticipant("database"), 7, 0, "test.participant");
    }

    @Test
    void eachContentGoesToItsFolderOrItsParticipant() throws BackupException {
        BackupRestore.Plan plan = planner.plan(agent, metadata(List.of("etc", "database")).build(),
                RestoreOptions.builder().build(), settings);

        assertEquals(List.of("etc", "database"), plan.contents());
        assertEquals(Map.of("etc", dir.resolve("etc")), plan.folders());
        assertEquals(Set.of("database"), plan.contentParticipants().keySet());
        assertEquals(List.of("database"), plan.participants().stream().map(p -> p.id()).toList());
        assertEquals(dir.resolve("staging"), plan.stagingRoot());
        assertEquals("nas", plan.agent().id());

        BackupRestore.Plan one = planner.plan(agent, metadata(List.of("etc", "database")).protectedBackup(true)
                .build(), RestoreOptions.builder().contents("database").password("secret".toCharArray()).build(),
                settings);
        assertEquals(List.of("database"), one.contents());
        assertEquals(Map.of(), one.folders());
        assertArrayEquals("secret".toCharArray(), one.password().orElseThrow().chars());
    }

    @Test
    void aBackupOfANewerFormatIsRefused() {
        BackupException e = assertThrows(BackupException.class, () -> planner.plan(agent,
                metadata(List.of("etc")).formatVersion(BackupMetadata.CURRENT_FORMAT_VERSION + 1).build(),
                RestoreOptions.builder().build(), settings));
        assertEquals("Backup " + ID + " was made with archive format version "
                + (BackupMetadata.CURRENT_FORMAT_VERSION + 1) + "; this backup manager reads versions up to "
                + BackupMetadata.CURRENT_FORMAT_VERSION + ". Update the backup bundles to restore it.",
                e.getMessage());
    }

    @Test
    void aProtectedBackupWithoutItsPasswordIsRefused() {
        IncorrectPasswordException e = assertThrows(IncorrectPasswordException.class, () -> planner.plan(agent,
                metadata(List.of("etc")).protectedBackup(true).build(), RestoreOptions.builder().build(), settings));
        assertEquals("Backup " + ID + " on agent 'nas' is protected; give its password to restore it.",
                e.getMessage());
    }

    @Test
    void aContentTheBackupDoesNotHoldIsRefused() {
        BackupException e = assertThrows(BackupException.class, () -> planner.plan(agent,
                metadata(List.of("etc", "database")).build(), RestoreOptions.builder().contents("etc", "userdata")
                        .build(), settings));
        assertEquals("Backup " + ID + " has no content 'userdata'. Its contents: etc, database.", e.getMessage());
    }

    @Test
    void aContentWithNoFolderAndNoParticipantIsRefused() {
        BackupException e = assertThrows(BackupException.class, () -> planner.plan(agent,
                metadata(List.of("etc", "userdata")).build(), RestoreOptions.builder().build(), settings));
        assertEquals("Content 'userdata' of backup " + ID + " has nowhere to go: no source folder of that name is"
                + " configured (key 'sources' of org.homeautomation.backup) and no participant of that id is"
                + " registered. Restore the other contents with --content, or configure it.", e.getMessage());
    }

    private static BackupMetadata.Builder metadata(List<String> contents) {
        return BackupMetadata.builder().id(ID).name("Before the upgrade").createdAt(Instant.parse(
                "2026-12-03T08:00:00Z")).size(10).sha256("ab".repeat(32)).contents(contents);
    }

    private record NamedParticipant(String id) implements BackupParticipant {
        @Override
        public void preBackup(BackupContext context) {
        }

        @Override
        public void postBackup(BackupContext context, BackupOutcome outcome) {
        }
    }
}
