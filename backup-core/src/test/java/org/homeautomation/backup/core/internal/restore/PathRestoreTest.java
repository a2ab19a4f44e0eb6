package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.create.BackupIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restore of chosen paths into the live folders: the chosen paths become as the backup has them, every other live
 * path stays as it is, through the same journalled transaction and the same entry checks as a whole restore.
 */
class PathRestoreTest {
    @TempDir
    Path temp;

    private Path config;
    private Path staging;
    private RestoreBench bench;

    @BeforeEach
    void buildLiveFolder() throws IOException {
        config = Files.createDirectories(temp.resolve("runtime/config"));
        staging = temp.resolve("staging");
        Trees.file(config, "settings.cfg", "port=8080\n");
        Trees.file(config, "other.cfg", "other=1\n");
        Trees.file(config, "things/zwave.things", "Thing zwave:device:1\n");
        Trees.file(config, "things/hue.things", "Thing hue:bridge:1\n");
        Trees.file(config, "rules/a.rules", "rule a\n");
        bench = new RestoreBench();
    }

    @AfterEach
    void stop() {
        bench.close();
    }

    @Test
    void chosenFilesComeBackAndEverythingElseStaysAsItIsNow() throws Exception {
        BackupMetadata backup = backup();
        Files.writeString(config.resolve("settings.cfg"), "port=9090\n");
        Files.writeString(config.resolve("other.cfg"), "other=2\n");
        Files.delete(config.resolve("things/hue.things"));
        Files.writeString(config.resolve("things/zwave.things"), "changed\n");
        Files.writeString(config.resolve("new.cfg"), "new\n");

        bench.restore(backup, staging).folder("config", config)
                .paths("config/settings.cfg", "config/things/hue.things").run();

        assertEquals("port=8080\n", Files.readString(config.resolve("settings.cfg")));
        assertEquals("Thing hue:bridge:1\n", Files.readString(config.resolve("things/hue.things")));
        assertEquals("other=2\n", Files.readString(config.resolve("other.cfg")), "not chosen: as it is now");
        assertEquals("changed\n", Files.readString(config.resolve("things/zwave.things")));
        assertEquals("new\n", Files.readString(config.resolve("new.cfg")));
        assertEquals("rule a\n", Files.readString(config.resolve("rules/a.rules")));
        assertNothingLeftBehind();
    }

    @Test
    void aChosenFolderComesBackWhole() throws Exception {
        BackupMetadata backup = backup();
        Files.writeString(config.resolve("things/zwave.things"), "changed\n");
        Files.writeString(config.resolve("things/added.things"), "added since\n");
        Files.writeString(config.resolve("settings.cfg"), "port=9090\n");

        bench.restore(backup, staging).folder("config", config).paths("config/things/**").run();

        assertEquals("Thing zwave:device:1\n", Files.readString(config.resolve("things/zwave.things")));
        assertFalse(Files.exists(config.resolve("things/added.things")), "the folder is as the backup has it");
        assertEquals("port=9090\n", Files.readString(config.resolve("settings.cfg")));
        assertNothingLeftBehind();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dot-dot", "link-out", "through-link" })
    void aHostileArchiveIsRefusedEvenWhenOnlyHarmlessPathsAreChosen(String attack) throws Exception {
        TarBuilder tar = new TarBuilder().file("settings.cfg", "port=1\n");
        switch (attack) {
            case "dot-dot" -> tar.file("../../evil", "pwned");
            case "link-out" -> tar.symlink("evil-link", "../..");
            case "through-link" -> tar.symlink("evil-dir", "things").file("evil-dir/evil", "pwned");
            default -> throw new AssertionError(attack);
        }
        CraftedArchive crafted = new CraftedArchive(BackupIds.newId(Instant.now())).content("config", tar.bytes());
        byte[] bytes = crafted.bytes();
        BackupMetadata metadata = crafted.metadata(bytes);
        bench.agent.put(metadata, bytes);
        Map<String, String> before = Trees.snapshot(config);

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(metadata, staging)
                .folder("config", config).paths("config/settings.cfg").run());

        assertTrue(e.getMessage().contains("cannot be restored"), e.getMessage());
        assertEquals(before, Trees.snapshot(config));
        try (Stream<Path> all = Files.walk(temp)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains("evil")).toList());
        }
        assertNothingLeftBehind();
    }

    private BackupMetadata backup() throws Exception {
        return bench.backup(Map.of("config", config), List.of(), staging, List.of(), null);
    }

    /** Neither staging nor rollback folders nor a journal are left; the journal's folder may stay, empty. */
    private void assertNothingLeftBehind() throws IOException {
        // After a commit, the old trees are deleted in the background.
        RestoreTransaction.awaitOldTreeDeletion(RestoreJournalFolders.forLive(config));
        try (Stream<Path> s = Files.list(config.getParent())) {
            assertEquals(List.of("config"), s.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(RestoreJournalFolders.NAME)).toList());
        }
        Path journals = config.getParent().resolve(RestoreJournalFolders.NAME);
        if (Files.exists(journals)) {
            try (Stream<Path> s = Files.list(journals)) {
                assertEquals(List.of(), s.toList(), "no journal is left");
            }
        }
    }
}
