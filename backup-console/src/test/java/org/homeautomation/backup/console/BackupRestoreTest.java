package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The restore rules both shells share: say what is replaced, ask, refuse without an answer, the password, the agent. */
class BackupRestoreTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Screen screen = new Screen();

    /** b1: protected on local, clear on nas. */
    @BeforeEach
    void aBackupOnTwoAgents() {
        BackupMetadata clear = BackupMetadata.builder().id("b1").name("Nightly").createdAt(T1).size(2048)
                .sha256("0".repeat(64)).contents(List.of("etc", "data")).build();
        BackupMetadata local = clear.toBuilder().protectedBackup(true).sha256("1".repeat(64)).build();
        manager.backups.add(Backup.builder().metadata(clear).copies(Map.of("local", local, "nas", clear)).build());
    }

    private Optional<RestoreResult> restore(String agent, List<String> contents, boolean confirmed) {
        return new BackupRestore(manager, screen.console()).restore("b1", agent, contents, confirmed);
    }

    @Test
    void withoutAnyInputNothingIsRestoredAndTheFlagIsNamed() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> restore("nas", List.of(), false));

        assertEquals("Cannot restore backup b1: The session's input has ended. Nothing was restored; to restore"
                + " without being asked, add --yes.", e.getMessage());
        assertEquals(List.of(), manager.restores);
        assertEquals(List.of("Restoring backup b1 \"Nightly\" of 2024-01-02 03:04:05 from agent 'nas' replaces the"
                + " live data of: etc, data."), screen.lines());
    }

    @Test
    void anAnswerOtherThanYesRestoresNothing() {
        screen.answering("y");

        assertEquals(Optional.empty(), restore("nas", List.of(), false));

        assertEquals(List.of(), manager.restores);
        assertTrue(screen.lines().contains("Nothing was restored."), screen.text());
    }

    @Test
    void yesThenThePasswordOfTheProtectedCopyRestores() {
        screen.answering("yes", "open sesame");

        RestoreResult result = restore(null, List.of(), false).orElseThrow();

        assertEquals(List.of("Type yes to replace them: ", "Password of the backup: (hidden)"), screen.questions);
        RestoreOptions options = manager.restores.get(0);
        assertEquals("local", options.agentId().orElseThrow(), "the first agent that holds it");
        assertEquals(Set.of("etc", "data"), options.contents());
        assertEquals("open sesame", manager.passwords.get(0));
        assertEquals(List.of("etc", "data"), result.contents());
        assertTrue(screen.text().endsWith("Backup b1 restored: etc, data.\n"), screen.text());
        assertFalse(screen.text().contains("sesame"), screen.text());
    }

    @Test
    void aConfirmedRestoreFromAClearCopyAsksNothing() {
        restore("nas", List.of("etc"), true).orElseThrow();

        assertEquals(List.of(), screen.questions);
        assertEquals(Set.of("etc"), manager.restores.get(0).contents());
        assertEquals(Optional.empty(), manager.restores.get(0).password());
    }

    @Test
    void aConfirmedRestoreOfAProtectedCopyStillAsksForThePassword() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> restore("local", List.of(), true));

        assertEquals(List.of("Password of the backup: (hidden)"), screen.questions);
        assertTrue(e.getMessage().startsWith("Cannot restore backup b1: "), e.getMessage());
        assertEquals(List.of(), manager.restores);
    }

    @Test
    void anAgentWithoutTheBackupIsRefusedNamingTheAgentsThatHoldIt() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> restore("s3", List.of(), true));

        assertEquals("Agent 's3' does not hold backup b1; it is on local, nas.", e.getMessage());
        assertEquals(List.of(), manager.restores);
    }

    @Test
    void anUnknownBackupSaysWhatFailedOnWhichId() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> new BackupRestore(manager, screen.console()).restore("b9", null, List.of(), true));

        assertTrue(e.getMessage().startsWith("Cannot restore backup b9: Backup b9 is not held by any agent"),
                e.getMessage());
    }
}
