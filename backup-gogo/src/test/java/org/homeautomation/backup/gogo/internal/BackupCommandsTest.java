package org.homeautomation.backup.gogo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.UploadResult;
import org.homeautomation.backup.console.CommandFailedException;
import org.homeautomation.backup.console.FakeBackupManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Gogo shell over the shared console code: what a script and a person at the console see, and that restore asks,
 * refuses without an answer, and takes a password from the session's input without printing it. The commands in a
 * real Felix with a real Gogo session are in integration-tests (GogoCommandsTest).
 */
class BackupCommandsTest {
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
    private static final BackupMetadata ARCHIVE = BackupMetadata.builder().id("b1").name("nightly")
            .createdAt(CREATED).size(2048).sha256("0".repeat(64)).build();

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final FakeBackupManager manager = new FakeBackupManager();
    private final BackupCommands commands = new BackupCommands(manager, null);
    private PrintStream systemOut;

    @BeforeEach
    void capture() {
        systemOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        commands.zone = ZoneId.of("UTC");
        manager.nextBackupId = "b1";
    }

    @AfterEach
    void restore() {
        System.setOut(systemOut);
    }

    @Test
    void aBackupStoredEverywhereEndsNormally() {
        manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("local")),
                List.of()));

        commands.create(null, false, "nightly");

        assertEquals(List.of("Creating backup b1 \"nightly\" (Ctrl-C stops waiting, not the backup)", "  local: stored",
                "Backup b1 created (2.0 KiB) on 1 agent."), printedLines());
    }

    @Test
    void aBackupThatFailedOnAnAgentFailsTheCommandNamingIt() {
        manager.completion.complete(BackupResult.archived(ARCHIVE,
                List.of(UploadResult.succeeded("local"), UploadResult.failed("nas", "share not mounted")), List.of()));

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> commands.create(null, false, "nightly", "local", "nas"));

        assertEquals("Backup b1 created (2.0 KiB) on 1 of 2 agents; failed on nas.", e.toString(),
                "what Gogo prints, without a class name");
        assertTrue(printedLines().contains("  nas: failed: share not mounted"), printed.toString());
        assertEquals(Set.of("local", "nas"), manager.requests.get(0).agentIds());
    }

    @Test
    void restoreWithoutAnAnswerRefusesAndNamesTheFlag() {
        addBackup(false);

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> commands.restore(session(""), "", false, "", "b1"));

        assertTrue(e.getMessage().contains("Nothing was restored; to restore without being asked, add --yes."),
                e.getMessage());
        assertEquals(List.of(), manager.restores);
    }

    @Test
    void restoreAnsweredOtherThanYesRestoresNothing() {
        addBackup(false);

        commands.restore(session("no\n"), "", false, "", "b1");

        assertEquals(List.of(), manager.restores);
        assertTrue(printedLines().contains("Nothing was restored."), printed.toString());
    }

    @Test
    void aProtectedRestoreTakesThePasswordFromTheNextLineAndNeverPrintsIt() {
        addBackup(true);

        commands.restore(session("yes\nopen sesame\n"), "local", false, "", "b1", "etc");

        assertEquals("open sesame", new String(manager.restores.get(0).password().orElseThrow()));
        assertEquals("local", manager.restores.get(0).agentId().orElseThrow());
        assertEquals(Set.of("etc"), manager.restores.get(0).contents());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("sesame"), text);
        assertTrue(text.contains("Type yes to replace them: \nPassword of the backup: \nBackup b1 restored: etc."),
                text);
    }

    @Test
    void aRestoreIntoATargetTakesPathsAmongTheArgumentsAndAsksNothing() {
        addBackup(false);

        commands.restore(session(""), "", false, "/tmp/restored", "b1", "etc", "data/jsondb/**", "etc/a.cfg");

        RestoreOptions options = manager.restores.get(0);
        assertEquals(Path.of("/tmp/restored"), options.target().orElseThrow());
        assertEquals(Set.of("etc"), options.contents());
        assertEquals(List.of("data/jsondb/**", "etc/a.cfg"), options.paths());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Backup b1 restored into /tmp/restored"),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void backupsAreAPlainTable() {
        addBackup(false);

        commands.list();

        assertEquals(List.of("ID  Name     Date                    Size  Protected  Agents  Failed agents",
                "--  -------  -------------------  -------  ---------  ------  -------------",
                "b1  nightly  2025-01-01 00:00:00  2.0 KiB  no         local   -"), printedLines());
    }

    private void addBackup(boolean protect) {
        BackupMetadata metadata = BackupMetadata.builder().id("b1").name("nightly").createdAt(CREATED).size(2048)
                .sha256("0".repeat(64)).contents(List.of("etc", "data")).protectedBackup(protect).build();
        manager.backups.add(Backup.builder().metadata(metadata).agentIds(Set.of("local")).build());
    }

    /** A session whose input holds the given text and that has no JLine reader, as a script's or a remote one. */
    private static CommandSession session(String input) {
        InputStream keyboard = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        return (CommandSession) Proxy.newProxyInstance(CommandSession.class.getClassLoader(),
                new Class<?>[] { CommandSession.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getKeyboard" -> keyboard;
                    default -> null;
                });
    }

    private List<String> printedLines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
