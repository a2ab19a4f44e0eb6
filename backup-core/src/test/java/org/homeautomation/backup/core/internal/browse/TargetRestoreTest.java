package org.homeautomation.backup.core.internal.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.core.internal.restore.CraftedArchive;
import org.homeautomation.backup.core.internal.restore.TarBuilder;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restore into another folder ({@code --target}): whole or chosen paths, on real files; the restore's entry rules
 * hold for it; any failure leaves the target as it was.
 */
class TargetRestoreTest {
    private static final String ID = "20240101-000000-aaaaaaaa";

    @TempDir
    Path temp;

    private byte[] bytes;
    private BackupMetadata metadata;

    @Test
    void unpacksAWholeBackupIntoTheTarget() throws Exception {
        store(new CraftedArchive(ID)
                .content("etc", new TarBuilder().file("a.cfg", "port=1\n").folder("sub/").file("sub/b.cfg", "x")
                        .symlink("link", "a.cfg").bytes())
                .content("data", new TarBuilder().file("jsondb/items.json", "{}").bytes()));
        Path target = temp.resolve("restored");

        RestoreResult result = restore(RestoreOptions.builder().target(target), Set.of());

        assertEquals(List.of("etc", "data"), result.contents());
        assertEquals("port=1\n", Files.readString(target.resolve("etc/a.cfg")));
        assertEquals("x", Files.readString(target.resolve("etc/sub/b.cfg")));
        assertEquals(Path.of("a.cfg"), Files.readSymbolicLink(target.resolve("etc/link")));
        assertEquals("{}", Files.readString(target.resolve("data/jsondb/items.json")));
        assertEquals(List.of("data", "etc"), children(target));
    }

    @Test
    void unpacksOnlyTheChosenPaths() throws Exception {
        store(new CraftedArchive(ID)
                .content("etc", new TarBuilder().file("a.cfg", "a").file("b.cfg", "b").bytes())
                .content("data", new TarBuilder().file("jsondb/items.json", "{}").file("jsondb/x/y.json", "y")
                        .file("other.txt", "o").bytes())
                .content("logs", new TarBuilder().file("l.log", "l").bytes()));
        Path target = temp.resolve("restored");

        RestoreResult result = restore(RestoreOptions.builder().target(target)
                .paths(List.of("etc/a.cfg", "data/jsondb/**")), Set.of());

        assertEquals(List.of("etc", "data"), result.contents());
        assertEquals(List.of("data", "etc"), children(target));
        assertEquals(List.of("a.cfg"), children(target.resolve("etc")));
        assertEquals(List.of("jsondb"), children(target.resolve("data")));
        assertEquals("y", Files.readString(target.resolve("data/jsondb/x/y.json")));
    }

    @Test
    void pathsThatChooseNothingRestoreNothing() throws Exception {
        store(new CraftedArchive(ID).content("etc", new TarBuilder().file("a.cfg", "a").bytes()));
        Path target = Files.createDirectories(temp.resolve("restored"));
        BackupException e = assertThrows(BackupException.class,
                () -> restore(RestoreOptions.builder().target(target).paths(List.of("etc/nothing.cfg")), Set.of()));
        assertTrue(e.getMessage().contains("No entry of backup " + ID + " matches etc/nothing.cfg"), e.getMessage());
        assertEquals(List.of(), children(target));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dot-dot", "absolute", "link-out", "through-link", "hard-link-out" })
    void aHostileArchiveWritesNothingOutsideAndLeavesNothingInTheTarget(String attack) throws Exception {
        TarBuilder tar = new TarBuilder().file("ok.cfg", "fine");
        switch (attack) {
            case "dot-dot" -> tar.file("../../evil", "pwned");
            case "absolute" -> tar.file(temp.resolve("evil").toString(), "pwned");
            case "link-out" -> tar.symlink("out", "../..");
            case "through-link" -> tar.symlink("sub", "x").file("sub/evil", "pwned");
            case "hard-link-out" -> tar.hardLink("evil-hard", "../../outside.txt");
            default -> throw new AssertionError(attack);
        }
        tar.file("after.cfg", "later");
        store(new CraftedArchive(ID).content("etc", tar.bytes()));
        Path target = Files.createDirectories(temp.resolve("a/b/restored"));

        BackupException e = assertThrows(BackupException.class,
                () -> restore(RestoreOptions.builder().target(target).paths(List.of("etc/ok.cfg")), Set.of()));

        assertTrue(e.getMessage().contains("cannot be restored"), e.getMessage());
        assertEquals(List.of(), children(target));
        assertFalse(Files.exists(temp.resolve("evil")));
        assertFalse(Files.exists(temp.resolve("a/evil")));
        try (Stream<Path> all = Files.walk(temp)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains("evil")).toList());
        }
    }

    @Test
    void aDamagedArchiveLeavesNothingInTheTarget() throws Exception {
        store(new CraftedArchive(ID).content("etc", new TarBuilder().file("a.cfg", "a").bytes()));
        bytes[bytes.length - 1] ^= 1; // in the end records: every entry unpacks, only the digest tells
        Path target = Files.createDirectories(temp.resolve("restored"));
        BackupException e = assertThrows(BackupException.class,
                () -> restore(RestoreOptions.builder().target(target), Set.of()));
        assertTrue(e.getMessage().contains("from agent 'shelf'"), e.getMessage());
        assertEquals(List.of(), children(target));
    }

    @Test
    void refusesALiveFolderAFolderInsideOneAndOneAroundOne() throws Exception {
        store(new CraftedArchive(ID).content("etc", new TarBuilder().file("a.cfg", "a").bytes()));
        Path live = Files.createDirectories(temp.resolve("runtime/etc"));
        Files.writeString(live.resolve("a.cfg"), "live");
        Files.createSymbolicLink(temp.resolve("alias"), temp.resolve("runtime"));
        for (Path target : List.of(live, live.resolve("old"), temp.resolve("runtime"), temp.resolve("alias/etc/x"))) {
            BackupException e = assertThrows(BackupException.class,
                    () -> restore(RestoreOptions.builder().target(target), Set.of(live)));
            assertTrue(e.getMessage().contains("live folder"), e.getMessage());
        }
        assertEquals(List.of("a.cfg"), children(live));
        assertEquals("live", Files.readString(live.resolve("a.cfg")));
    }

    @Test
    void refusesAContentFolderThatExistsInTheTarget() throws Exception {
        store(new CraftedArchive(ID).content("etc", new TarBuilder().file("a.cfg", "a").bytes()));
        Path target = temp.resolve("restored");
        Files.createDirectories(target.resolve("etc"));
        BackupException e = assertThrows(BackupException.class,
                () -> restore(RestoreOptions.builder().target(target), Set.of()));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
        assertEquals(List.of(), children(target.resolve("etc")));
    }

    private RestoreResult restore(RestoreOptions.Builder options, Set<Path> live) throws BackupException {
        return new TargetRestore("shelf", metadata, options.build(), live, this::open).run();
    }

    private void store(CraftedArchive archive) throws IOException {
        bytes = archive.bytes();
        metadata = archive.metadata(bytes);
    }

    private InputStream open(String id, String agent, char[] password) {
        return new DigestCheckingInputStream(new ByteArrayInputStream(bytes), metadata.sha256(), metadata.size(),
                "backup " + id + " from agent '" + agent + "'");
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }
}
