package org.homeautomation.backup.core.internal.browse;

import org.homeautomation.backup.core.internal.paths.PathSelection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.EntryChange;
import org.homeautomation.backup.core.internal.restore.CraftedArchive;
import org.homeautomation.backup.core.internal.restore.TarBuilder;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;
import org.junit.jupiter.api.Test;

/**
 * Listing and comparing real archives in the backup format (content tars built entry by entry), read as they would
 * stream from an agent, digest checked.
 */
class BackupBrowsingTest {
    private static final Instant LATER = TarBuilder.TIME.plusSeconds(3600);

    private final Map<String, byte[]> stored = new HashMap<>();
    private final Map<String, BackupMetadata> metadata = new HashMap<>();

    @Test
    void listsEveryEntryWithTypeSizeModeTimeAndLink() throws Exception {
        BackupCopyReader copy = store("20240101-000000-aaaaaaaa", new CraftedArchive("20240101-000000-aaaaaaaa")
                .content("etc", new TarBuilder().folder("sub/").file("sub/a.cfg", "port=1\n")
                        .file("run.sh", "#!/bin/sh\n".getBytes(), 0755).symlink("link", "sub/a.cfg")
                        .hardLink("hard", "run.sh").bytes())
                .content("data", new TarBuilder().file("items.json", "{}").bytes()));

        List<BackupEntry> all = list(copy, null, List.of());

        assertEquals(List.of("etc/sub", "etc/sub/a.cfg", "etc/run.sh", "etc/link", "etc/hard", "data/items.json"),
                all.stream().map(BackupEntry::fullPath).toList());
        BackupEntry script = all.get(2);
        assertEquals(BackupEntry.Type.FILE, script.type());
        assertEquals(10, script.size());
        assertEquals(0755, script.mode());
        assertEquals(TarBuilder.TIME, script.modified());
        assertEquals(BackupEntry.Type.FOLDER, all.get(0).type());
        assertEquals(BackupEntry.Type.SYMLINK, all.get(3).type());
        assertEquals("sub/a.cfg", all.get(3).linkTarget().orElseThrow());
        assertEquals(BackupEntry.Type.HARD_LINK, all.get(4).type());
        assertEquals("run.sh", all.get(4).linkTarget().orElseThrow());
    }

    @Test
    void listsOnlyWhatTheContentAndGlobsChoose() throws Exception {
        BackupCopyReader copy = store("20240101-000000-aaaaaaaa", new CraftedArchive("20240101-000000-aaaaaaaa")
                .content("etc", new TarBuilder().file("a.cfg", "1").file("b.txt", "2").file("sub/c.cfg", "3")
                        .bytes())
                .content("data", new TarBuilder().file("d.cfg", "4").bytes()));

        assertEquals(List.of("etc/a.cfg", "data/d.cfg"), paths(list(copy, null, List.of("*/*.cfg"))));
        assertEquals(List.of("etc/a.cfg", "etc/sub/c.cfg"), paths(list(copy, null, List.of("etc/**/*.cfg"))));
        assertEquals(List.of("data/d.cfg"), paths(list(copy, "data", List.of())));
        assertEquals(List.of("etc/sub/c.cfg"), paths(list(copy, null, List.of("etc/sub"))));
        BackupException none = assertThrows(BackupException.class, () -> list(copy, "logs", List.of()));
        assertTrue(none.getMessage().contains("has no content 'logs'"), none.getMessage());
    }

    @Test
    void aReceiverStopsTheListing() throws Exception {
        BackupCopyReader copy = store("20240101-000000-aaaaaaaa", new CraftedArchive("20240101-000000-aaaaaaaa")
                .content("etc", new TarBuilder().file("a", "1").file("b", "2").file("c", "3").bytes()));
        List<BackupEntry> got = new ArrayList<>();
        new BackupBrowserImpl.EntryListing(copy, null, PathSelection.of(List.of())).run(e -> {
            got.add(e);
            return got.size() < 2;
        });
        assertEquals(List.of("etc/a", "etc/b"), paths(got));
    }

    @Test
    void aDamagedArchiveEndsTheListingWithAnErrorNamingBackupAndAgent() throws Exception {
        String id = "20240101-000000-aaaaaaaa";
        byte[] bytes = new CraftedArchive(id).content("etc", new TarBuilder().file("a", "1").bytes()).bytes();
        stored.put(id, bytes);
        BackupMetadata m = new CraftedArchive(id).content("etc", new byte[0]).metadata(bytes);
        bytes[bytes.length / 2 + 100] ^= 0x40;
        metadata.put(id, m);
        BackupCopyReader copy = BackupCopyReader.of("shelf", m, null, this::open);
        BackupException e = assertThrows(BackupException.class, () -> list(copy, null, List.of()));
        assertTrue(e.getMessage().contains("backup " + id + " from agent 'shelf'"), e.getMessage());
    }

    @Test
    void diffFindsAddedRemovedAndChangedBySizeTimeAndContent() throws Exception {
        BackupCopyReader older = store("20240101-000000-aaaaaaaa", new CraftedArchive("20240101-000000-aaaaaaaa")
                .content("etc", new TarBuilder()
                        .file("a-same.cfg", "same")
                        .file("b-size.cfg", "short")
                        .file("c-time.cfg", "same text")
                        .file("d-content.cfg", "abc")
                        .folder("gone/").file("gone/x", "x")
                        .file("link", "was a file")
                        .bytes())
                .content("only-old", new TarBuilder().file("o", "o").bytes()));
        BackupCopyReader newer = store("20240102-000000-bbbbbbbb", new CraftedArchive("20240102-000000-bbbbbbbb")
                .content("etc", new TarBuilder()
                        .file("a-same.cfg", "same")
                        .file("b-size.cfg", "much longer")
                        .file("c-time.cfg", "same text", LATER)
                        .file("d-content.cfg", "xyz")
                        .file("e-new.cfg", "new")
                        .symlink("link", "a-same.cfg")
                        .bytes())
                .content("only-new", new TarBuilder().file("n", "n").bytes()));

        List<EntryChange> changes = diff(older, newer, null, List.of());

        assertEquals(List.of(
                "CHANGED etc/b-size.cfg [SIZE]",
                "CHANGED etc/c-time.cfg [TIME]",
                "CHANGED etc/d-content.cfg [CONTENT]",
                "ADDED etc/e-new.cfg []",
                "REMOVED etc/gone []",
                "REMOVED etc/gone/x []",
                "CHANGED etc/link [TYPE]",
                "REMOVED only-old/o []",
                "ADDED only-new/n []"), changes.stream().map(BackupBrowsingTest::line).toList());
    }

    @Test
    void diffComparesOnlyTheChosenPaths() throws Exception {
        BackupCopyReader older = store("20240101-000000-aaaaaaaa", new CraftedArchive("20240101-000000-aaaaaaaa")
                .content("etc", new TarBuilder().file("a.cfg", "1").file("b.txt", "1").bytes()));
        BackupCopyReader newer = store("20240102-000000-bbbbbbbb", new CraftedArchive("20240102-000000-bbbbbbbb")
                .content("etc", new TarBuilder().file("a.cfg", "2").file("b.txt", "22").bytes()));
        assertEquals(List.of("CHANGED etc/a.cfg [CONTENT]"),
                diff(older, newer, null, List.of("etc/*.cfg")).stream().map(BackupBrowsingTest::line).toList());
    }

    @Test
    void diffOfContentsInAnotherOrderReadsTheSecondBackupAgain() throws Exception {
        BackupCopyReader older = store("20240101-000000-aaaaaaaa", new CraftedArchive("20240101-000000-aaaaaaaa")
                .content("etc", new TarBuilder().file("a", "1").bytes())
                .content("data", new TarBuilder().file("b", "1").bytes()));
        BackupCopyReader newer = store("20240102-000000-bbbbbbbb", new CraftedArchive("20240102-000000-bbbbbbbb")
                .content("data", new TarBuilder().file("b", "2").bytes())
                .content("etc", new TarBuilder().file("a", "2").bytes()));
        assertEquals(List.of("CHANGED etc/a [CONTENT]", "CHANGED data/b [CONTENT]"),
                diff(older, newer, null, List.of()).stream().map(BackupBrowsingTest::line).toList());
    }

    @Test
    void diffRefusesEntriesOutOfOrderRatherThanGiveAWrongAnswer() throws Exception {
        BackupCopyReader older = store("20240101-000000-aaaaaaaa", new CraftedArchive("20240101-000000-aaaaaaaa")
                .content("etc", new TarBuilder().file("b", "1").file("a", "1").bytes()));
        BackupCopyReader newer = store("20240102-000000-bbbbbbbb", new CraftedArchive("20240102-000000-bbbbbbbb")
                .content("etc", new TarBuilder().file("a", "1").file("b", "1").bytes()));
        BackupException e = assertThrows(BackupException.class, () -> diff(older, newer, null, List.of()));
        assertTrue(e.getMessage().contains("not in the order"), e.getMessage());
    }

    private static String line(EntryChange c) {
        return c.kind() + " " + c.fullPath() + " " + c.differences();
    }

    private static List<String> paths(List<BackupEntry> entries) {
        return entries.stream().map(BackupEntry::fullPath).toList();
    }

    private List<BackupEntry> list(BackupCopyReader copy, String content, List<String> globs)
            throws BackupException {
        List<BackupEntry> got = new ArrayList<>();
        new BackupBrowserImpl.EntryListing(copy, content, PathSelection.of(globs)).run(got::add);
        return got;
    }

    private List<EntryChange> diff(BackupCopyReader a, BackupCopyReader b, String content, List<String> globs)
            throws BackupException {
        List<EntryChange> got = new ArrayList<>();
        new BackupComparison(a, b, content, PathSelection.of(globs)).run(got::add);
        return got;
    }

    private BackupCopyReader store(String id, CraftedArchive archive) throws IOException, BackupException {
        byte[] bytes = archive.bytes();
        stored.put(id, bytes);
        metadata.put(id, archive.metadata(bytes));
        return BackupCopyReader.of("shelf", metadata.get(id), null, this::open);
    }

    /* As the manager's download: the agent's bytes, their size and digest checked at the end. */
    private java.io.InputStream open(String id, String agent, char[] password) {
        BackupMetadata m = metadata.get(id);
        return new DigestCheckingInputStream(new ByteArrayInputStream(stored.get(id)), m.sha256(), m.size(),
                "backup " + id + " from agent '" + agent + "'");
    }
}
