package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Constants;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;

/**
 * The {@code backup:*} commands of backup-gogo in Felix, run through a real Gogo {@link CommandProcessor} session as the
 * Felix runtime's console runs them: what they print, what they refuse, and what happened to the files and backups.
 * A session's input is what a person would type; an empty input is a script's or a console-less session's.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GogoCommandsTest {
    private static final String PASSWORD = "gogo s3cret words";
    private static final AtomicInteger ROUND = new AtomicInteger();
    private static final Pattern CREATING = Pattern.compile("Creating backup (\\S+) ");

    @Rule
    public final Osgi osgi = new Osgi(GogoCommandsTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(GogoCommandsTest.class));

    private final Backups backups = new Backups(osgi);
    private String content;
    private Path home;

    @Configuration
    public Option[] configuration() {
        List<Option> options = new ArrayList<>(List.of(BundleSet.configuration(GogoCommandsTest.class)));
        options.add(bundle(BundleSet.url("org.apache.felix.gogo.runtime"))
                .startLevel(Constants.START_LEVEL_DEFAULT_PROVISION));
        options.add(bundle(BundleSet.url("backup-gogo")).startLevel(Constants.START_LEVEL_DEFAULT_PROVISION));
        return options.toArray(new Option[0]);
    }

    @Before
    public void aSourceAndTheCommands() throws Exception {
        // A new content name each test: the manager's contents then say when it has taken this test's folder.
        content = "home" + ROUND.incrementAndGet();
        home = SampleTree.write(folder.newFolder(content).toPath());
        backups.configureSource(content, home, Map.of());
        Await.until("the backup:* Gogo commands to be registered", this::commandsRegistered);
    }

    @Test
    public void createListInfoAndDeleteThroughGogo() throws Exception {
        Result created = gogo("backup:create gogo-round", "");
        assertNull(created.toString(), created.failure);
        String id = createdId(created);
        assertTrue(created.toString(), created.output.contains("\n  local: stored\n"));
        assertTrue(created.toString(), created.output.matches("(?s).*Backup " + id + " created \\(.+\\) on 1 agent\\.\n"));

        Result list = gogo("backup:list", "");
        assertNull(list.toString(), list.failure);
        assertTrue(list.output, list.output.startsWith("ID "));
        assertTrue(list.output, list.output.lines().anyMatch(l -> l.startsWith(id + "  gogo-round  ")
                && l.contains("  no  ") && l.contains("  local ")));

        Result info = gogo("backup:info " + id, "");
        assertNull(info.toString(), info.failure);
        assertTrue(info.output, info.output.lines().anyMatch(l -> l.matches("ID:\\s+" + id)));
        assertTrue(info.output, info.output.lines().anyMatch(l -> l.matches("Contents:\\s+" + content)));
        assertTrue(info.output, info.output.lines().anyMatch(l -> l.matches("Protected:\\s+no")));
        Path archive = backups.localArchive(id);

        Result deleted = gogo("backup:delete " + id, "");
        assertNull(deleted.toString(), deleted.failure);
        assertEquals("Deleted backup " + id + " from local.\n", deleted.output);
        assertFalse("the local agent's archive is gone", Files.exists(archive));
        assertTrue(backups.manager().list().backups().stream().noneMatch(b -> b.id().equals(id)));

        Result missing = gogo("backup:info " + id, "");
        assertNotNull("an unknown backup fails the command; it printed:\n" + missing.output, missing.failure);
        assertTrue(missing.failure.toString(), missing.failure.toString().startsWith("Cannot show backup " + id + ": "));
    }

    @Test
    public void agentsAndStatusThroughGogo() throws Exception {
        Result agents = gogo("backup:agents", "");
        assertNull(agents.toString(), agents.failure);
        assertTrue(agents.output, agents.output.startsWith("ID "));
        assertTrue(agents.output, agents.output.lines().anyMatch(l -> l.startsWith(Backups.LOCAL + " ")
                && l.contains(BundleSet.LOCAL_AGENT_BSN) && l.endsWith("yes")));

        Result status = gogo("backup:status", "");
        assertNull(status.toString(), status.failure);
        assertEquals(List.of("State:                 idle", "Last automatic backup: never",
                "Last successful:       never", "Next automatic run:    not scheduled", "Last failure:          none"),
                status.output.lines().toList());
    }

    @Test
    public void restoreAsksAndWithoutAYesChangesNothing() throws Exception {
        String id = backups.run(BackupRequest.builder("before changes").agents(Backups.LOCAL).build()).backupId();
        Map<String, String> original = SystemTools.tree(home);
        Files.writeString(home.resolve("readme.txt"), "changed after the backup");
        Files.writeString(home.resolve("added.txt"), "new");
        Map<String, String> changed = SystemTools.tree(home);

        Result noInput = gogo("backup:restore " + id, "");
        assertNotNull("without input a restore is refused; it printed:\n" + noInput.output, noInput.failure);
        assertTrue(noInput.failure.toString(), noInput.failure.toString().startsWith("Cannot restore backup " + id));
        assertTrue(noInput.failure.toString(), noInput.failure.toString()
                .endsWith("Nothing was restored; to restore without being asked, add --yes."));
        assertTrue(noInput.output, noInput.output.contains("from agent 'local' replaces the live data of: " + content + "."));
        assertEquals("nothing changed without an answer", changed, SystemTools.tree(home));

        Result declined = gogo("backup:restore " + id, "no\n");
        assertNull(declined.toString(), declined.failure);
        assertTrue(declined.output, declined.output.endsWith("Type yes to replace them: \nNothing was restored.\n"));
        assertEquals("nothing changed when declined", changed, SystemTools.tree(home));

        Result confirmed = gogo("backup:restore " + id, "yes\n");
        assertNull(confirmed.toString(), confirmed.failure);
        assertTrue(confirmed.output, confirmed.output.endsWith("Backup " + id + " restored: " + content + ".\n"));
        assertEquals("the live folder is the backed-up tree again", original, SystemTools.tree(home));
    }

    @Test
    public void aProtectedBackupIsCreatedAndRestoredWithItsPasswordFromTheSession() throws Exception {
        Result created = gogo("backup:create --protect protected-in-gogo", PASSWORD + "\n" + PASSWORD + "\n");
        assertNull(created.toString(), created.failure);
        String id = createdId(created);
        assertTrue("stored protected", backups.manager().get(id).copies().get(Backups.LOCAL).isProtected());
        Map<String, String> original = SystemTools.tree(home);
        Files.writeString(home.resolve("readme.txt"), "changed after the backup");
        Map<String, String> changed = SystemTools.tree(home);

        Result wrong = gogo("backup:restore --yes " + id, "not the password\n");
        assertNotNull("a wrong password fails the command; it printed:\n" + wrong.output, wrong.failure);
        assertTrue(wrong.failure.toString(), wrong.failure.toString().startsWith("Cannot restore backup " + id + ": "));
        assertEquals("nothing changed with a wrong password", changed, SystemTools.tree(home));

        Result restored = gogo("backup:restore --yes " + id, PASSWORD + "\n");
        assertNull(restored.toString(), restored.failure);
        assertTrue(restored.output, restored.output.contains("Password of the backup: \nBackup " + id
                + " restored: " + content + ".\n"));
        assertEquals(original, SystemTools.tree(home));
        for (Result result : List.of(created, wrong, restored)) {
            assertFalse("the password is never printed: " + result, result.toString().contains(PASSWORD));
        }
    }

    @Test
    public void restoreReadsFromTheAgentGivenWithAgent() throws Exception {
        TestAgent second = TestAgent.storing("second", folder.newFolder("second").toPath());
        osgi.register(BackupAgent.class, second);
        Await.until("agent second", () -> backups.agentIds().contains("second"));
        BackupResult result = backups.run(BackupRequest.builder("on two").agents(Backups.LOCAL, "second").build());
        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        String id = result.backupId();

        Result unknown = gogo("backup:restore --yes --agent nowhere " + id, "");
        assertNotNull(unknown.output, unknown.failure);
        assertTrue(unknown.failure.toString(), unknown.failure.toString().contains("Agent 'nowhere' does not hold backup "
                + id + "; it is on "));

        Files.writeString(home.resolve("readme.txt"), "changed after the backup");
        Result restored = gogo("backup:restore -y -a second " + id + " " + content, "");
        assertNull(restored.toString(), restored.failure);
        assertTrue(restored.output, restored.output.contains("from agent 'second' replaces the live data of: " + content + "."));
        assertEquals("Backups of the living room controller\n", Files.readString(home.resolve("readme.txt")));
    }

    @Test
    public void verifyReadsTheCopyBackAndFailsOnAFlippedByte() throws Exception {
        String id = backups.run(BackupRequest.builder("to verify").agents(Backups.LOCAL).build()).backupId();

        Result whole = gogo("backup:verify", "");
        assertNull(whole.toString(), whole.failure);
        assertTrue("with no id the newest backup is verified: " + whole, whole.output.startsWith("Verifying backup "
                + id + " \"to verify\" on local"));
        assertTrue(whole.output, whole.output.contains("\n  local: ok: size, SHA-256 digest and "));
        assertTrue(whole.output, whole.output.endsWith("Backup " + id + " verified: 1 copy whole.\n"));

        Path archive = backups.localArchive(id);
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        Files.write(archive, bytes);

        Result damaged = gogo("backup:verify " + id + " " + Backups.LOCAL, "");
        assertNotNull("a damaged copy fails the command; it printed:\n" + damaged.output, damaged.failure);
        assertTrue(damaged.failure.toString(), damaged.failure.toString().startsWith("Backup " + id
                + " is damaged or unreadable on local (1 of 1 copies)."));
        assertTrue(damaged.output, damaged.output.contains("\n  local: DAMAGED\n    digest mismatch: "));
        assertTrue("the damage inside the content is located: " + damaged.output, damaged.output.contains(
                "unreadable entry: [content '" + content + "'"));
    }

    @Test
    public void verifyOfAProtectedBackupWithoutInputChecksWithoutThePasswordAndSaysSo() throws Exception {
        String id = backups.run(BackupRequest.builder("protected to verify").agents(Backups.LOCAL)
                .password(PASSWORD.toCharArray()).build()).backupId();

        Result withoutInput = gogo("backup:verify " + id, "");
        assertNull(withoutInput.toString(), withoutInput.failure);
        assertTrue(withoutInput.output, withoutInput.output.contains("  local: ok, checked without the password: size,"
                + " SHA-256 digest and the names of the contents only"));
        assertTrue(withoutInput.output, withoutInput.output.endsWith("protected copies checked without the password"
                + " (size and digest only).\n"));

        Result withPassword = gogo("backup:verify " + id, PASSWORD + "\n");
        assertNull(withPassword.toString(), withPassword.failure);
        assertTrue(withPassword.output, withPassword.output.contains("  local: ok: size, SHA-256 digest and "));
        assertFalse("the password is never printed: " + withPassword, withPassword.toString().contains(PASSWORD));
    }

    @Test
    public void contentsDiffAndATargetRestoreOfOnePathThroughGogo() throws Exception {
        String first = backups.run(BackupRequest.builder("browse one").agents(Backups.LOCAL).build()).backupId();
        Files.writeString(home.resolve("added.txt"), "added");
        String second = backups.run(BackupRequest.builder("browse two").agents(Backups.LOCAL).build()).backupId();

        Result listed = gogo("backup:contents -c " + content + " " + first + " '" + content + "/*.txt'", "");
        assertNull(listed.toString(), listed.failure);
        assertTrue(listed.output, listed.output.contains(" " + content + "/readme.txt\n"));
        assertTrue(listed.output, listed.output.endsWith("1 entry, 38 B in files.\n"));
        Result names = gogo("backup:contents", "");
        assertNull(names.toString(), names.failure);
        assertTrue(names.output, names.output.lines().anyMatch(content::equals));

        Result diff = gogo("backup:diff " + first + " " + second, "");
        assertNull(diff.toString(), diff.failure);
        assertTrue(diff.output, diff.output.contains("+ " + content + "/added.txt\n"));
        assertTrue(diff.output, diff.output.endsWith("1 added, 0 removed, 0 changed.\n"));

        Path target = folder.getRoot().toPath().resolve("gogo-target");
        Result restored = gogo("backup:restore -t " + target + " " + first + " " + content + "/readme.txt", "");
        assertNull(restored.toString(), restored.failure);
        assertEquals(List.of("readme.txt"), Files.list(target.resolve(content)).map(p -> p.getFileName().toString())
                .toList());
        assertEquals("added", Files.readString(home.resolve("added.txt")));
    }

    private boolean commandsRegistered() {
        try {
            var references = osgi.context().getServiceReferences((String) null, "(osgi.command.scope=backup)");
            return references != null && references.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one command line in a new Gogo session whose input is the given text. */
    private Result gogo(String commandLine, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandProcessor processor = osgi.service(CommandProcessor.class);
        Exception failure = null;
        try (CommandSession session = processor.createSession(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, err)) {
            try {
                session.execute(commandLine);
            } catch (Exception e) {
                failure = e;
            }
            session.getConsole().flush();
        }
        return new Result(commandLine, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                failure);
    }

    private static String createdId(Result created) {
        Matcher m = CREATING.matcher(created.output);
        assertTrue(created.toString(), m.find());
        return m.group(1);
    }

    /** What a command printed, and the exception it ended with (what Gogo prints as its error), if any. */
    private static final class Result {
        final String commandLine;
        final String output;
        final String errors;
        final Exception failure;

        Result(String commandLine, String output, String errors, Exception failure) {
            this.commandLine = commandLine;
            this.output = output;
            this.errors = errors;
            this.failure = failure;
        }

        @Override
        public String toString() {
            return commandLine + " printed:\n" + output + (errors.isEmpty() ? "" : "errors:\n" + errors)
                    + (failure == null ? "" : "and failed: " + failure);
        }
    }
}
