package org.homeautomation.backup.karaf.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.shell.support.CommandException;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.console.ConsolePrompt;
import org.homeautomation.backup.console.FakeBackupManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup:create --protect, backup:download --decrypt and backup:restore: what they ask, what they pass to the manager,
 * and that a typed password is never printed.
 */
class ProtectAndRestoreCommandsTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Consoles console = new Consoles();
    private final List<String> prompts = new ArrayList<>();

    /** Answers the prompts in order, recording them. */
    private ConsolePrompt answering(String... answers) {
        Deque<String> left = new ArrayDeque<>(List.of(answers));
        return (prompt, hidden) -> {
            prompts.add(prompt + (hidden ? "(hidden)" : ""));
            return left.isEmpty() ? new char[0] : left.poll().toCharArray();
        };
    }

    private void addBackup(String id, boolean protectedOnLocal) {
        BackupMetadata clear = BackupMetadata.builder().id(id).name("Nightly").createdAt(T1).size(2048)
                .sha256("0".repeat(64)).contents(List.of("etc", "data")).build();
        BackupMetadata local = clear.toBuilder().protectedBackup(protectedOnLocal).sha256("1".repeat(64)).build();
        manager.backups.add(Backup.builder().metadata(clear).copies(Map.of("local", local, "nas", clear)).build());
    }

    @Test
    void createProtectAsksTwiceAndPassesThePassword() throws Exception {
        CreateCommand create = console.attach(new CreateCommand(), manager);
        create.protect = true;
        create.prompt = answering("open sesame", "open sesame");
        create.progressSource = board -> () -> {
        };
        manager.completion.completeExceptionally(new IllegalStateException("not awaited here"));

        assertThrows(CommandException.class, create::execute);

        assertEquals(List.of("Password for the backup: (hidden)", "Repeat the password: (hidden)"), prompts);
        assertEquals("open sesame", new String(manager.requests.get(0).password().orElseThrow()));
        assertFalse(console.text().contains("open sesame"), console.text());
    }

    @Test
    void createProtectRefusesDifferentPasswordsAndCreatesNothing() {
        CreateCommand create = console.attach(new CreateCommand(), manager);
        create.protect = true;
        create.prompt = answering("open sesame", "open sesame!");

        CommandException e = assertThrows(CommandException.class, create::execute);

        assertTrue(e.getMessage().contains("differ"), e.getMessage());
        assertFalse(e.getMessage().contains("sesame"), e.getMessage());
        assertEquals(List.of(), manager.requests);
    }

    @Test
    void downloadDecryptAsksForThePasswordAndAWrongOneWritesNoFile(@TempDir Path dir) throws Exception {
        manager.archives.put("b1", "clear archive".getBytes(StandardCharsets.UTF_8));
        DownloadCommand download = console.attach(new DownloadCommand(), manager);
        download.backupId = "b1";
        download.file = dir.resolve("wrong.tar").toString();
        download.decrypt = true;
        download.prompt = answering("guess");

        CommandException e = assertThrows(CommandException.class, download::execute);
        assertTrue(e.getMessage().contains("password does not open"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("wrong.tar")));

        download = console.attach(new DownloadCommand(), manager);
        download.backupId = "b1";
        download.file = dir.resolve("b1.tar").toString();
        download.decrypt = true;
        download.prompt = answering("open sesame");
        download.execute();
        assertEquals("clear archive", Files.readString(dir.resolve("b1.tar")));
        assertFalse(console.text().contains("sesame"), console.text());
    }

    @Test
    void restoreSaysWhatItReplacesAsksToConfirmAndForThePassword() throws Exception {
        addBackup("b1", true);
        RestoreCommand restore = console.attach(new RestoreCommand(), manager);
        restore.backupId = "b1";
        restore.prompt = answering("yes", "open sesame");

        restore.execute();

        String text = console.text();
        assertTrue(text.contains("from agent 'local' replaces the live data of: etc, data."), text);
        assertTrue(text.contains("Backup b1 restored: etc, data."), text);
        assertFalse(text.contains("sesame"), text);
        assertEquals(List.of("Type yes to replace them: ", "Password of the backup: (hidden)"), prompts);
        RestoreOptions options = manager.restores.get(0);
        assertEquals("local", options.agentId().orElseThrow());
        assertEquals(Set.of("etc", "data"), options.contents());
        assertEquals("open sesame", new String(options.password().orElseThrow()));
    }

    @Test
    void restoreWithoutYesRestoresNothing() throws Exception {
        addBackup("b1", false);
        RestoreCommand restore = console.attach(new RestoreCommand(), manager);
        restore.backupId = "b1";
        restore.prompt = answering("no");

        restore.execute();

        assertEquals(List.of(), manager.restores);
        assertTrue(console.text().contains("Nothing was restored."), console.text());
    }

    @Test
    void restoreFromAnUnprotectedCopyWithYesAsksNothing() throws Exception {
        addBackup("b1", true);
        RestoreCommand restore = console.attach(new RestoreCommand(), manager);
        restore.backupId = "b1";
        restore.agent = "nas";
        restore.contents = List.of("etc");
        restore.yes = true;
        restore.prompt = answering();

        restore.execute();

        assertEquals(List.of(), prompts);
        assertEquals(Set.of("etc"), manager.restores.get(0).contents());
        assertEquals(java.util.Optional.empty(), manager.restores.get(0).password());
    }

    @Test
    void restoreWithRestartRestartsKarafAfterTheRestoreOnly() throws Exception {
        addBackup("b1", false);
        RestoreCommand restore = console.attach(new RestoreCommand(), manager);
        restore.backupId = "b1";
        restore.yes = true;
        restore.restart = true;
        List<String> restarts = new ArrayList<>();
        restore.restarter = () -> restarts.add("restarted after " + manager.restores.size() + " restore");
        restore.prompt = answering();

        restore.execute();

        assertEquals(List.of("restarted after 1 restore"), restarts);
        assertTrue(console.text().contains("Backup b1 restored: etc, data.\nRestarting Karaf."), console.text());
    }

    @Test
    void aRestoreThatNeedsARestartSaysSoWithoutRestarting() throws Exception {
        addBackup("b1", false);
        manager.restartNeeded = true;
        RestoreCommand restore = console.attach(new RestoreCommand(), manager);
        restore.backupId = "b1";
        restore.yes = true;
        restore.restarter = () -> {
            throw new AssertionError("no restart without --restart");
        };
        restore.prompt = answering();

        restore.execute();

        assertTrue(console.text().contains("Restart Karaf (system:shutdown -r) so that it sees the restored"
                + " folders."), console.text());
    }

    @Test
    void restoreFromAnAgentWithoutTheBackupFailsWithTheAgentsThatHaveIt() {
        addBackup("b1", false);
        RestoreCommand restore = console.attach(new RestoreCommand(), manager);
        restore.backupId = "b1";
        restore.agent = "s3";
        restore.yes = true;

        CommandException e = assertThrows(CommandException.class, restore::execute);

        assertTrue(e.getMessage().contains("Agent 's3' does not hold backup b1; it is on local, nas."),
                e.getMessage());
        assertEquals(List.of(), manager.restores);
    }
}
