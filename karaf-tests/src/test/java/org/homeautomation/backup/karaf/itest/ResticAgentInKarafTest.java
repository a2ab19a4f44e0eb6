package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import org.homeautomation.backup.testsupport.Await;
import org.homeautomation.backup.testsupport.Preconditions;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The restic agent in a stock Karaf 4.4.10, set up as a user does: {@code feature:install backup-agent-restic} and a
 * {@code etc/org.homeautomation.backup.agent.restic-nas.cfg} (File Install makes it a factory configuration). Two
 * backups through the console, the second storing little; the stock {@code restic} lists both; a restore through the
 * console brings a changed file back; the password is nowhere in the console output or the log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResticAgentInKarafTest extends KarafWithBackupFeature {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String MANAGER_PID = "org.homeautomation.backup";
    private static final String AGENT_CFG = "org.homeautomation.backup.agent.restic-nas.cfg";
    /** A row of backup:agents for the agent {@code nas}, available. */
    private static final Pattern AVAILABLE_AGENT_ROW = Pattern.compile("(?m)^nas\\s.*\\syes\\s*$");
    private static final String PASSWORD = "karaf-restic-password-" + UUID.randomUUID();
    private static final int LARGE_FILE_BYTES = 12 * 1024 * 1024;

    /** Everything the console printed during the test, to check that the password is not in it. */
    private final StringBuilder printed = new StringBuilder();

    @Before
    public void installTheResticAgentFeature() {
        run("feature:install backup-agent-restic");
    }

    @Test
    public void twoBackupsToAResticRepositoryTheSecondIncrementalAndARestoreFromTheFirst() throws Exception {
        Path base = Path.of(System.getProperty("karaf.base"));
        Path repository = base.resolve("restic-nas");
        Path passwordFile = Files.writeString(base.resolve("restic-nas-password"), PASSWORD + "\n");
        Path source = Files.createDirectories(base.resolve("restic-source"));
        Path settings = Files.writeString(source.resolve("settings.txt"), "first content\n");
        byte[] large = new byte[LARGE_FILE_BYTES];
        new Random(11).nextBytes(large);
        Files.write(source.resolve("recording.bin"), large);
        Files.writeString(source.resolve("notes.txt"), "a text that compresses well\n".repeat(20_000));

        EtcFiles.write(MANAGER_PID + ".cfg", "sources = [ \"etc=${karaf.etc}\", \"data=${karaf.data}\", \"src="
                + source + "\" ]\n");
        EtcFiles.write(AGENT_CFG, "id = nas\nname = restic on the NAS\nrepository = " + repository
                + "\npasswordFile = " + passwordFile + "\ninitialize = true\n");
        Await.until("agent nas listed as available by backup:agents", TIMEOUT,
                () -> AVAILABLE_AGENT_ROW.matcher(run("backup:agents")).find(), () -> run("backup:agents"));

        ManagerView manager = new ManagerView(context);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String firstId = backupHolding(manager, source, "day1-" + tag);
        long afterFirst = ResticRepositoryFolder.packBytes(repository);
        Files.writeString(source.resolve("changed.txt"), "changed between the two backups\n");
        String secondId = createBackup(manager, "day2-" + tag);
        long added = ResticRepositoryFolder.packBytes(repository) - afterFirst;

        long archiveSize = manager.sizeOf(secondId);
        assertTrue("the first backup stores the random file: " + afterFirst + " bytes in data/",
                afterFirst > LARGE_FILE_BYTES);
        assertTrue("the second backup must add much less than its archive: " + added + " bytes in data/ for an archive"
                + " of " + archiveSize, added < archiveSize / 2);

        if (Preconditions.hold(ResticRepositoryFolder.resticAvailable(),
                "The stock restic command is not installed (apt-get install restic)")) {
            String snapshots = ResticRepositoryFolder.restic(repository, passwordFile, TIMEOUT,
                    "snapshots", "--json");
            assertTrue("restic snapshots lists the first backup: " + snapshots,
                    snapshots.contains("backup-id=" + firstId));
            assertTrue("restic snapshots lists the second backup: " + snapshots,
                    snapshots.contains("backup-id=" + secondId));
        }

        Files.writeString(settings, "changed after the backups\n");
        String restored = run("backup:restore --yes --agent nas --content src " + firstId);
        assertTrue(restored, restored.contains(firstId));
        assertEquals("the restore brought the file back to its first content", "first content\n",
                Files.readString(settings));

        assertFalse("the password must not reach the console:\n" + printed, printed.toString().contains(PASSWORD));
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        assertFalse("the password must not reach " + log,
                Files.isRegularFile(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(PASSWORD));
    }

    /**
     * Makes backups until one holds the source: the manager takes its new configuration up asynchronously.
     *
     * @return the id of that backup
     */
    private String backupHolding(ManagerView manager, Path source, String name) throws IOException {
        Path download = Path.of(System.getProperty("karaf.base"), "downloads", name + ".tar");
        Files.createDirectories(download.getParent());
        String[] id = { null };
        int[] attempt = { 0 };
        Await.until("a backup holding the source src", TIMEOUT, () -> {
            id[0] = createBackup(manager, name + "-" + ++attempt[0]);
            Files.deleteIfExists(download);
            run("backup:download " + id[0] + " " + download);
            return ArchiveEntries.of(download).containsKey("src");
        }, () -> "backup " + id[0] + " of " + source);
        return id[0];
    }

    private String createBackup(ManagerView manager, String name) {
        String created = run("backup:create --agent nas " + name);
        String id = manager.idOfBackupNamed(name);
        assertTrue(created, created.contains(id));
        return id;
    }

    private String run(String command) {
        String output = console.run(command);
        printed.append(output);
        return output;
    }
}
