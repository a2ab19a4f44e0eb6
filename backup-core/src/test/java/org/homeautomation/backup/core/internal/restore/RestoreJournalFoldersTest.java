package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of a restore lies beside the live folders; at start-up every restore a crash cut off is finished. */
class RestoreJournalFoldersTest {
    @TempDir
    Path temp;

    @Test
    void theJournalFolderIsAHiddenSiblingOfTheLiveFolder() {
        Path live = temp.resolve("karaf/data");
        assertEquals(temp.resolve("karaf/.backup-restore"), RestoreJournalFolders.forLive(live));
        assertEquals(temp.resolve("karaf/.backup-restore"), RestoreJournalFolders.forLive(
                temp.resolve("karaf/etc/../data/.")));
    }

    @Test
    void recoverAllPutsBackTheOldTreesOfARestoreCutOffAfterItsSwap() throws IOException {
        Path parent = Files.createDirectories(temp.resolve("karaf"));
        KeptTrees trees = new KeptTrees(parent, 20);
        List<Path> live = trees.swaps.stream().map(FolderSwap::live).toList();
        Path journal = RestoreJournalFolders.forLive(live.get(0));
        RestoreTransaction.prepare(journal, "cut-off", trees.swaps).swap();
        // The process "dies" here: neither commit nor rollback.

        assertTrue(RestoreJournalFolders.recoverAll(live));

        assertEquals(List.of(), Trees.list(journal), "the journal is gone");
        FolderTrees.deleteTree(journal);
        trees.assertOld();
        assertTrue(RestoreJournalFolders.recoverAll(live), "nothing left to recover");
    }

    @Test
    void recoverAllWithoutAJournalFolderDoesNothing() throws IOException {
        Path live = Files.createDirectories(temp.resolve("karaf/etc"));
        Trees.file(live, "a.cfg", "a");

        assertTrue(RestoreJournalFolders.recoverAll(List.of(live, temp.resolve("elsewhere/data"))));

        assertEquals(List.of("a.cfg"), Trees.list(live));
        Trees.assertMissing(RestoreJournalFolders.forLive(live));
    }

    @Test
    void aJournalThatCannotBeReadIsReportedAndKept() throws IOException {
        Path live = Files.createDirectories(temp.resolve("karaf/etc"));
        Path journal = Files.createDirectories(RestoreJournalFolders.forLive(live));
        Path file = Files.writeString(journal.resolve(RestoreJournal.FILE_NAME), "{ not a journal");

        assertFalse(RestoreJournalFolders.recoverAll(List.of(live)));

        assertEquals("{ not a journal", Files.readString(file), "kept for a person to look at");
    }
}
