package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The backup features in a stock Apache Karaf 4.4.10: installed from the console, used through the backup:* commands,
 * guarded by the command ACL, and an agent feature removed and added back while the manager runs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackupInKarafTest extends KarafWithBackupFeature {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ACL_PID = "org.apache.karaf.command.acl.backup";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Test
    public void theBackupFeatureBringsTheManagerTheLocalAgentAndTheCommands() {
        for (String name : List.of("backup", "backup-core", "backup-api", "backup-agent-local", "backup-commands")) {
            assertTrue(name + " should be installed", installed(name));
        }
        assertFalse("backup-agent-s3 is not part of the backup feature", installed("backup-agent-s3"));
        new ManagerView(context).awaitAgent("local", true);
        String agents = console.run("backup:agents");
        assertTrue(agents, agents.contains("local") && agents.contains("org.homeautomation.backup.agent.local"));
        assertTrue("the feature installs the command ACL in etc",
                Files.isRegularFile(Path.of(System.getProperty("karaf.etc"), ACL_PID + ".cfg")));
    }

    @Test
    public void createListInfoDownloadAndDeleteThroughTheShell() throws IOException {
        ManagerView manager = new ManagerView(context);
        // Short: the list shortens long names.
        String name = "shell-" + UUID.randomUUID().toString().substring(0, 8);
        String created = console.run("backup:create " + name);
        String id = manager.idOfBackupNamed(name);
        assertTrue(created, created.contains(id));
        assertTrue("stored in Karaf's data folder",
                Files.isRegularFile(Path.of(System.getProperty("karaf.data"), "backups", id + ".tar")));

        String list = console.run("backup:list");
        assertTrue(list, list.contains(id) && list.contains(name));

        String info = console.run("backup:info " + id);
        assertTrue(info, info.contains(id) && info.contains(name) && info.contains("local"));

        Path download = Path.of(System.getProperty("karaf.base"), "downloads", id + ".tar");
        Files.createDirectories(download.getParent());
        console.run("backup:download " + id + " " + download);
        assertEquals("the downloaded archive has the stored size", manager.sizeOf(id), Files.size(download));
        assertTrue("the download has the bytes the agent holds", manager.sameBytes(id, "local", download));

        console.run("backup:delete " + id);
        assertFalse("a deleted backup leaves the manager's list", manager.holds(id));
        assertFalse(console.run("backup:list").contains(id));

        KarafConsole.Result missing = console.execute(KarafConsole.ADMIN, "backup:info " + id);
        assertNotNull("info on a deleted backup fails", missing.failure());
        String message = String.valueOf(missing.failure().getMessage());
        assertTrue("the error names the backup: " + message, message.contains(id));
    }

    @Test
    public void aProtectedBackupOfEtcAndDataIsRestoredFromTheShellWhileKarafRuns() throws IOException {
        ManagerView manager = new ManagerView(context);
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path data = Path.of(System.getProperty("karaf.data"));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path marker = Files.writeString(etc.resolve("restore-itest-" + tag + ".txt"), "before");
        Path dataMarker = Files.writeString(data.resolve("restore-itest-" + tag + ".txt"), "before");
        String name = "protected-" + tag;
        String created = console.run("backup:create --protect " + name, "s3cret words\ns3cret words\n");
        assertFalse("the password is never printed: " + created, created.contains("s3cret"));
        String id = manager.idOfBackupNamed(name);
        String info = console.run("backup:info " + id);
        assertTrue(info, info.lines().anyMatch(l -> l.startsWith("Protected:") && l.strip().endsWith("yes")));

        Files.writeString(marker, "after");
        Files.writeString(dataMarker, "after");
        Path added = Files.writeString(etc.resolve("restore-itest-added-" + tag + ".txt"), "added");
        KarafConsole.Result refused = console.execute(KarafConsole.MANAGER, "backup:restore -y " + id);
        assertNotNull("restore is for admins only; it printed: " + refused.output(), refused.failure());

        String restored = console.run("backup:restore -y " + id, "s3cret words\n");

        assertTrue(restored, restored.contains("Backup " + id + " restored: etc, data."));
        assertFalse(restored, restored.contains("s3cret"));
        assertEquals("before", Files.readString(marker));
        assertEquals("before", Files.readString(dataMarker));
        assertFalse("a file made after the backup is gone", Files.exists(added));
        assertTrue("the local agent's backups, which backups leave out, are kept",
                Files.isRegularFile(data.resolve("backups").resolve(id + ".tar")));
        assertTrue("Karaf's own bundle cache is kept", Files.isDirectory(data.resolve("cache")));
        // Karaf goes on working on the restored folders: the shell, the manager and a new backup.
        String again = "after-restore-" + tag;
        console.run("backup:create " + again);
        assertTrue(manager.holds(manager.idOfBackupNamed(again)));
    }

    @Test
    public void tabCompletesBackupIds() {
        String name = "completion-" + UUID.randomUUID().toString().substring(0, 8);
        console.run("backup:create " + name);
        String id = new ManagerView(context).idOfBackupNamed(name);

        List<String> all = console.complete("backup:delete ");
        assertTrue(all.toString(), all.contains(id));
        String prefix = id.substring(0, id.length() - 3);
        List<String> some = console.complete("backup:info " + prefix);
        assertTrue(some.toString(), some.contains(id));
        assertTrue(some.toString(), some.stream().allMatch(candidate -> candidate.startsWith(prefix)));
    }

    @Test
    public void theAclRefusesDeleteToAUserWithoutAdmin() {
        awaitAcl();
        ManagerView manager = new ManagerView(context);
        String name = "acl-" + UUID.randomUUID().toString().substring(0, 8);
        KarafConsole.Result create = console.execute(KarafConsole.MANAGER, "backup:create " + name);
        assertEquals("a manager may create backups: " + create.output(), null, create.failure());
        String id = manager.idOfBackupNamed(name);
        KarafConsole.Result list = console.execute(KarafConsole.MANAGER, "backup:list");
        assertTrue("a manager may list backups: " + list.output() + list.failure(),
                list.failure() == null && list.output().contains(id));

        KarafConsole.Result delete = console.execute(KarafConsole.MANAGER, "backup:delete " + id);
        assertNotNull("delete must be refused to a manager; it printed: " + delete.output(), delete.failure());
        // Karaf's ACL hides a command from a user without its role: the shell answers as if it did not exist.
        assertEquals("refused by the ACL, not failed otherwise: " + delete.failure(), "CommandNotFoundException",
                delete.failure().getClass().getSimpleName());
        assertTrue("the refused delete left the backup in place", manager.holds(id));

        console.run("backup:delete " + id);
        assertFalse("an admin may delete", manager.holds(id));
    }

    @Test
    public void anAgentFeatureLeavesAndReturnsWhileTheManagerRuns() {
        ManagerView manager = new ManagerView(context);
        Object managerBefore = manager.serviceId();
        // The manager and the commands become features of their own, so that only the agent goes away below.
        console.run("feature:install backup-core backup-commands backup-agent-local");
        console.run("feature:uninstall backup");
        try {
            console.run("feature:uninstall backup-agent-local");
            assertFalse(installed("backup-agent-local"));
            manager.awaitAgent("local", false);
            assertEquals("the manager kept running", managerBefore, manager.serviceId());
            String agents = console.run("backup:agents");
            assertFalse(agents, agents.contains("org.homeautomation.backup.agent.local"));

            console.run("feature:install backup-agent-local");
            manager.awaitAgent("local", true);
            assertEquals("still the same manager", managerBefore, manager.serviceId());
            assertTrue(console.run("backup:agents").contains("org.homeautomation.backup.agent.local"));
        } finally {
            console.run("feature:install backup");
        }
    }

    private boolean installed(String name) {
        try {
            return Arrays.stream(features.listInstalledFeatures()).map(Feature::getName).anyMatch(name::equals);
        } catch (Exception e) {
            throw new AssertionError("cannot list the installed features", e);
        }
    }

    /** The ACL file reaches Configuration Admin through File Install, shortly after the feature put it in etc. */
    private void awaitAcl() {
        Await.until("the command ACL " + ACL_PID + " in Configuration Admin", TIMEOUT, () -> {
            try {
                org.osgi.service.cm.Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + ACL_PID + ")");
                return found != null && found.length == 1 && "admin".equals(found[0].getProperties().get("delete"));
            } catch (Exception e) {
                throw new AssertionError("cannot list configurations", e);
            }
        }, () -> "not there");
    }
}
