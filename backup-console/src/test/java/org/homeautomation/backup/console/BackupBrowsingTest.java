package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupBrowser;
import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BrowseOptions;
import org.homeautomation.backup.api.EntryChange;
import org.junit.jupiter.api.Test;

/** What {@code backup:contents} and {@code backup:diff} print, and that they ask for a protected backup's password. */
class BackupBrowsingTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");
    private static final Instant T2 = Instant.parse("2024-01-03T03:04:05Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Screen screen = new Screen();
    private final List<BrowseOptions> asked = new ArrayList<>();
    private final List<BackupEntry> entries = new ArrayList<>();
    private final List<EntryChange> changes = new ArrayList<>();

    private final BackupBrowser browser = new BackupBrowser() {
        @Override
        public void list(String backupId, BrowseOptions options, Predicate<? super BackupEntry> receiver) {
            asked.add(options);
            entries.forEach(receiver::test);
        }

        @Override
        public void diff(String firstId, String secondId, BrowseOptions options,
                Predicate<? super EntryChange> receiver) {
            asked.add(options);
            changes.forEach(receiver::test);
        }
    };

    @Test
    void listsOneLinePerEntryLikeLsThenTheCount() {
        add("b1", false);
        entries.add(entry("sub", BackupEntry.Type.FOLDER, 0, 0750, null));
        entries.add(entry("sub/a.cfg", BackupEntry.Type.FILE, 2048, 0640, null));
        entries.add(entry("run.sh", BackupEntry.Type.FILE, 10, 04755, null));
        entries.add(entry("link", BackupEntry.Type.SYMLINK, 0, 0777, "sub/a.cfg"));

        new BackupBrowsing(manager, browser, screen.console()).contents("b1", null, "etc", List.of("etc/**"));

        assertEquals(List.of(
                "drwxr-x---" + " ".repeat(13) + "2024-01-02 03:04:05  etc/sub/",
                "-rw-r-----    2.0 KiB  2024-01-02 03:04:05  etc/sub/a.cfg",
                "-rwsr-xr-x       10 B  2024-01-02 03:04:05  etc/run.sh",
                "lrwxrwxrwx" + " ".repeat(13) + "2024-01-02 03:04:05  etc/link -> sub/a.cfg",
                "4 entries, 2.0 KiB in files."), screen.lines());
        assertEquals("etc", asked.get(0).content().orElseThrow());
        assertEquals(List.of("etc/**"), asked.get(0).globs());
        assertTrue(asked.get(0).password().isEmpty(), "an unprotected backup is read without asking");
    }

    @Test
    void asksForThePasswordOfAProtectedBackupAndNeverPrintsIt() {
        add("b1", true);
        screen.answering("open sesame");

        new BackupBrowsing(manager, browser, screen.console()).contents("b1", null, null, List.of());

        assertEquals("open sesame", new String(asked.get(0).password().orElseThrow()));
        assertFalse(screen.text().contains("sesame"), screen.text());
        assertEquals(List.of("0 entries, 0 B in files."), screen.lines());
    }

    @Test
    void diffPrintsAddedRemovedAndChangedWithHowThenTheCounts() {
        add("b1", false);
        add("b2", false);
        BackupEntry before = entry("a.cfg", BackupEntry.Type.FILE, 10, 0644, null);
        BackupEntry after = BackupEntry.builder().content("etc").path("a.cfg").type(BackupEntry.Type.FILE).size(12)
                .mode(0600).modified(T2).build();
        changes.add(EntryChange.changed(before, after, EnumSet.of(EntryChange.Difference.SIZE,
                EntryChange.Difference.TIME, EntryChange.Difference.MODE)));
        changes.add(EntryChange.added(entry("new.cfg", BackupEntry.Type.FILE, 1, 0644, null)));
        changes.add(EntryChange.removed(entry("old.cfg", BackupEntry.Type.FILE, 1, 0644, null)));
        changes.add(EntryChange.changed(before, before, Set.of(EntryChange.Difference.CONTENT)));

        new BackupBrowsing(manager, browser, screen.console()).diff("b1", "b2", null, null, List.of());

        assertEquals(List.of(
                "~ etc/a.cfg (size 10 B -> 12 B, time 2024-01-02 03:04:05 -> 2024-01-03 03:04:05, mode 644 -> 600)",
                "+ etc/new.cfg",
                "- etc/old.cfg",
                "~ etc/a.cfg (content)",
                "1 added, 1 removed, 2 changed."), screen.lines());
    }

    private void add(String id, boolean protect) {
        manager.backups.add(Backup.builder().metadata(FakeBackupManager.metadata(id, "n", T1, 10, protect))
                .agentIds(Set.of("local")).build());
    }

    private static BackupEntry entry(String path, BackupEntry.Type type, long size, int mode, String link) {
        return BackupEntry.builder().content("etc").path(path).type(type).size(size).mode(mode).modified(T1)
                .linkTarget(link).build();
    }
}
