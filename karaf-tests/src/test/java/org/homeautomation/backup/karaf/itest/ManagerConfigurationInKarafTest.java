package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.homeautomation.backup.testsupport.Await;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The manager's configuration file, etc/org.homeautomation.backup.cfg, edited in a running Karaf 4.4.10 and taken up
 * by File Install: an invalid value is named and does not take the manager down (bugs 13, 14); an added source keeps
 * Karaf's default excludes (bug 3).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagerConfigurationInKarafTest extends KarafWithBackupFeature {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PID = "org.homeautomation.backup";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Before
    public void awaitTheDefaultAgent() {
        new ManagerView(context).awaitAgent("local", true);
    }

    @After
    public void removeConfigFile() throws IOException {
        Files.deleteIfExists(configFile());
        Await.until("the configuration " + PID + " to go with its file", TIMEOUT, () -> configuration() == null,
                () -> String.valueOf(configuration()));
    }

    @Test
    public void anInvalidValueIsNamedTheCommandsStayAndTheFixedFileIsTakenUp() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        console.run("backup:create before-" + tag);

        writeConfigFile("compressionLevel = abc\n");
        awaitConfigured("compressionLevel", "abc");
        // ConfigAdmin has the value; the manager takes it a moment later. Until then a probe may still make a backup
        // (named apart), so the one that must be refused is asked for once the manager has refused a probe.
        AtomicReference<KarafConsole.Result> probe = new AtomicReference<>();
        Await.until("backup:create to be refused", TIMEOUT, () -> {
            probe.set(console.execute(KarafConsole.ADMIN, "backup:create probe-" + tag));
            return probe.get().failure() != null;
        }, () -> probe.get().output());
        KarafConsole.Result refused = console.execute(KarafConsole.ADMIN, "backup:create refused-" + tag);
        assertNotNull("backup:create must be refused while the configuration is invalid: " + refused.output(),
                refused.failure());
        String message = refused.failure().getMessage();
        assertTrue("the refusal names the pid, the key, the value and what is allowed: " + message,
                message.contains(PID) && message.contains("compressionLevel = 'abc'")
                        && message.contains("must be a whole number from 1 to 19"));
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        Await.until("the log to name the invalid value", TIMEOUT, () -> logHolds(log, "compressionLevel = 'abc'"),
                () -> "not in " + log);

        String list = console.run("backup:list");
        assertTrue("backup:list still works and lists the earlier backup: " + list, list.contains("before-" + tag));
        assertFalse("no backup was made while the configuration was invalid", list.contains("refused-" + tag));

        // Fixed: a plain value beside the list syntax, so that File Install hands the list over as one string.
        Path fixed = Files.createTempDirectory("fixed-source");
        Files.writeString(fixed.resolve("marker.txt"), tag);
        writeConfigFile("compressionLevel = 5\nsources = [ \"etc=${karaf.etc}\", \"data=${karaf.data}\", \"fixed="
                + fixed + "\" ]\n");
        awaitConfigured("compressionLevel", "5");
        Map<String, List<String>> archive = awaitBackupWith("fixed", "after-" + tag);
        assertEquals(List.of("etc", "data", "fixed"), List.copyOf(archive.keySet()));
        assertEquals(List.of("marker.txt"), archive.get("fixed"));
    }

    @Test
    public void anAddedSourceKeepsKarafsDefaultExcludesAndTheLocalAgentsFolderStaysOut() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        console.run("backup:create earlier-" + tag);
        Path data = Path.of(System.getProperty("karaf.data"));
        try (java.util.stream.Stream<Path> backups = Files.list(data.resolve("backups"))) {
            assertTrue("an earlier backup lies in data/backups", backups.findAny().isPresent());
        }
        Files.writeString(data.resolve("kept-" + tag + ".txt"), tag);
        Path extra = Files.createTempDirectory("extra-source");
        Files.writeString(extra.resolve("extra.txt"), tag);

        // As the README documents it; "!data/backups" removes that default, yet the local agent's folder stays out.
        writeConfigFile("sources = [ \"etc=${karaf.etc}\", \"data=${karaf.data}\", \"extra=" + extra + "\" ]\n"
                + "excludes = [ \"!data/backups\" ]\n");
        awaitConfigured("excludes", "!data/backups");
        Map<String, List<String>> archive = awaitBackupWith("extra", "extra-" + tag);

        assertEquals(List.of("extra.txt"), archive.get("extra"));
        List<String> dataPaths = archive.get("data");
        assertTrue("data is backed up", dataPaths.contains("kept-" + tag + ".txt"));
        for (String left : List.of("cache", "log", "backups", "backup", "tmp")) {
            assertTrue("data/" + left + " must be left out; found "
                    + dataPaths.stream().filter(p -> p.equals(left) || p.startsWith(left + "/")).limit(5).toList(),
                    dataPaths.stream().noneMatch(p -> p.equals(left) || p.startsWith(left + "/")));
        }
    }

    /** Makes backups until one holds {@code content}: the manager takes the configuration up asynchronously. */
    private Map<String, List<String>> awaitBackupWith(String content, String name) throws IOException {
        ManagerView manager = new ManagerView(context);
        Path download = Path.of(System.getProperty("karaf.base"), "downloads", name + ".tar");
        Files.createDirectories(download.getParent());
        AtomicReference<Map<String, List<String>>> archive = new AtomicReference<>(Map.of());
        int[] attempt = { 0 };
        Await.until("a backup holding " + content, TIMEOUT, () -> {
            String attemptName = name + "-" + ++attempt[0];
            KarafConsole.Result created = console.execute(KarafConsole.ADMIN, "backup:create " + attemptName);
            if (created.failure() != null) {
                return false; // the previous, invalid configuration may still be in force
            }
            String id = manager.idOfBackupNamed(attemptName);
            try {
                Files.deleteIfExists(download);
                console.run("backup:download " + id + " " + download);
                archive.set(ArchiveEntries.of(download));
            } catch (IOException e) {
                throw new AssertionError("cannot read backup " + id, e);
            }
            return archive.get().containsKey(content);
        }, () -> "contents " + archive.get().keySet());
        return archive.get();
    }

    private void writeConfigFile(String text) throws IOException {
        EtcFiles.write(PID + ".cfg", text);
    }

    /** Inside Karaf only: Pax Exam also makes this class outside it, where karaf.etc is not set. */
    private static Path configFile() {
        return Path.of(System.getProperty("karaf.etc"), PID + ".cfg");
    }

    /** Waits until File Install has handed the file to Configuration Admin, with {@code key} holding the value. */
    private void awaitConfigured(String key, String value) {
        Await.until(PID + " with " + key + " = " + value + " in Configuration Admin", TIMEOUT, () -> {
            Dictionary<String, Object> properties = configuration();
            Object v = properties == null ? null : properties.get(key);
            return value.equals(v) || (v instanceof String[] a && Arrays.asList(a).contains(value))
                    || (v instanceof String s && s.contains(value));
        }, () -> String.valueOf(configuration()));
    }

    private Dictionary<String, Object> configuration() {
        try {
            org.osgi.service.cm.Configuration[] found = configurationAdmin
                    .listConfigurations("(service.pid=" + PID + ")");
            return found == null ? null : found[0].getProperties();
        } catch (Exception e) {
            throw new AssertionError("cannot list configurations", e);
        }
    }

    private static boolean logHolds(Path log, String text) {
        try {
            return Files.isRegularFile(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
