package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupBrowser;
import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BrowseOptions;
import org.homeautomation.backup.api.EntryChange;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Browsing and restoring single paths in Felix, through the services: the files of a protected backup listed with a
 * glob, two backups compared, and a backup (whole, or chosen paths) unpacked into another folder while the live
 * folder stays as it is.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrowseTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @Rule
    public final Osgi osgi = new Osgi(BrowseTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(BrowseTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(BrowseTest.class);
    }

    @Test
    public void listsTheFilesAGlobChoosesOfAProtectedBackup() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        String id = backup(true);
        BackupBrowser browser = osgi.service(BackupBrowser.class);

        List<BackupEntry> cfg = new ArrayList<>();
        browser.list(id, BrowseOptions.builder().password(PASSWORD).globs(List.of("home/**/*.cfg")).build(),
                cfg::add);

        assertEquals(1, cfg.size());
        BackupEntry thermostat = cfg.get(0);
        assertEquals("home/config/zones/upstairs/thermostat.cfg", thermostat.fullPath());
        assertEquals(BackupEntry.Type.FILE, thermostat.type());
        Path live = home.resolve("config/zones/upstairs/thermostat.cfg");
        assertEquals(Files.size(live), thermostat.size());
        assertEquals(Files.getLastModifiedTime(live).toInstant().getEpochSecond(),
                thermostat.modified().getEpochSecond());

        List<String> all = new ArrayList<>();
        browser.list(id, BrowseOptions.builder().password(PASSWORD).build(), e -> all.add(e.fullPath()));
        assertTrue(all.toString(), all.containsAll(List.of("home/readme.txt", "home/empty folder",
                "home/Fotos Küche/Grüße aus Köln – 日本語 ✓.txt", "home/config/state.bin")));
        assertThrows(IncorrectPasswordException.class, () -> browser.list(id, BrowseOptions.builder().build(),
                e -> true));
    }

    @Test
    public void comparesTwoBackups() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        String first = backup(false);
        Files.writeString(home.resolve("readme.txt"), "Backups of the LIVING ROOM controller\n"); // same size
        Files.delete(home.resolve("config/empty.dat"));
        Files.writeString(home.resolve("new.txt"), "new");
        String second = backup(false);

        List<String> changes = new ArrayList<>();
        osgi.service(BackupBrowser.class).diff(first, second, BrowseOptions.builder().build(), c -> changes.add(
                c.kind() + " " + c.fullPath() + (c.differences().contains(EntryChange.Difference.CONTENT)
                        ? " content" : "")));

        assertTrue(changes.toString(), changes.contains("REMOVED home/config/empty.dat"));
        assertTrue(changes.toString(), changes.contains("ADDED home/new.txt"));
        assertTrue(changes.toString(), changes.contains("CHANGED home/readme.txt content"));
        assertFalse(changes.toString(), changes.stream().anyMatch(c -> c.contains("thermostat")));
    }

    @Test
    public void unpacksAWholeBackupIntoAnotherFolderAndLeavesTheLiveOneAlone() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        Map<String, String> original = SystemTools.tree(home);
        backups.configureSource("home", home, Map.of());
        String id = backup(true);
        Files.writeString(home.resolve("readme.txt"), "changed after the backup");
        Map<String, String> live = SystemTools.tree(home);
        Path target = folder.getRoot().toPath().resolve("restored");

        RestoreResult result = backups.manager().restore(id, RestoreOptions.builder().target(target)
                .password(PASSWORD).build());

        assertEquals(List.of("home"), result.contents());
        assertEquals(original, SystemTools.tree(target.resolve("home")));
        assertEquals("the live folder is untouched", live, SystemTools.tree(home));
        assertEquals(List.of("home"), names(target));
    }

    @Test
    public void unpacksChosenPathsIntoAnotherFolder() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        String id = backup(false);
        Path target = folder.getRoot().toPath().resolve("chosen");

        backups.manager().restore(id, RestoreOptions.builder().target(target)
                .paths(List.of("home/readme.txt", "home/config/zones/**")).build());

        assertEquals(List.of("config", "readme.txt"), names(target.resolve("home")));
        assertEquals(List.of("zones"), names(target.resolve("home/config")));
        assertEquals(Files.readString(home.resolve("config/zones/upstairs/thermostat.cfg")),
                Files.readString(target.resolve("home/config/zones/upstairs/thermostat.cfg")));
    }

    @Test
    public void restoresChosenPathsIntoTheLiveFolderAndKeepsTheRest() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        String id = backup(true);
        Path thermostat = home.resolve("config/zones/upstairs/thermostat.cfg");
        String atBackup = Files.readString(thermostat);
        Files.writeString(thermostat, "setpoint=30\n");
        Files.writeString(home.resolve("readme.txt"), "edited since");
        Files.writeString(home.resolve("config/zones/added.cfg"), "added since");

        RestoreResult result = backups.manager().restore(id, RestoreOptions.builder().password(PASSWORD)
                .paths(List.of("home/config/zones/**")).build());

        assertEquals(List.of("home"), result.contents());
        assertEquals(atBackup, Files.readString(thermostat));
        assertFalse("the chosen folder is as the backup has it", Files.exists(home.resolve(
                "config/zones/added.cfg")));
        assertEquals("not chosen: as it is now", "edited since", Files.readString(home.resolve("readme.txt")));
        assertTrue(Files.exists(home.resolve("config/state.bin")));

        Map<String, String> live = SystemTools.tree(home);
        BackupException typo = assertThrows(BackupException.class, () -> backups.manager().restore(id,
                RestoreOptions.builder().password(PASSWORD).paths(List.of("home/readme.txt", "home/readme.tx"))
                        .build()));
        assertTrue(typo.getMessage(), typo.getMessage().contains("No entry of backup " + id
                + " matches home/readme.tx;"));
        assertEquals(live, SystemTools.tree(home));
    }

    @Test
    public void refusesToUnpackIntoTheLiveFolder() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        String id = backup(false);
        Map<String, String> live = SystemTools.tree(home);

        BackupException e = assertThrows(BackupException.class, () -> backups.manager().restore(id,
                RestoreOptions.builder().target(home.resolve("old")).build()));

        assertTrue(e.getMessage(), e.getMessage().contains("live folder " + home));
        assertEquals(live, SystemTools.tree(home));
    }

    private String backup(boolean protect) throws BackupException {
        BackupRequest.Builder request = BackupRequest.builder("Browse").agents(Backups.LOCAL);
        if (protect) {
            request.password(PASSWORD);
        }
        BackupResult result = backups.run(request.build());
        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        return result.backupId();
    }

    private static List<String> names(Path folder) throws java.io.IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
