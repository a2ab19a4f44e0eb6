package org.homeautomation.backup.core.internal.restore;

import org.homeautomation.backup.core.internal.archive.SourceTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping several folders, then committing or rolling back, in one process. */
class RestoreTransactionTest {
    @TempDir
    Path temp;
    Path journalFolder;
    SwapTrees trees;

    @BeforeEach
    void folders() throws IOException {
        journalFolder = temp.resolve("data");
        trees = new SwapTrees(Files.createDirectories(temp.resolve("openhab")), 2, 1, 40);
    }

    @Test
    void swapThenCommitLeavesTheNewTreesAndNothingElse() throws IOException {
        RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, "r1", trees.swaps);
        assertTrue(Files.exists(journalFolder.resolve(RestoreJournal.FILE_NAME)));

        restore.swap();
        for (Path live : trees.oldTrees.keySet()) {
            assertEquals(trees.oldTrees.get(live), SwapTrees.snapshot(live.resolveSibling(live.getFileName()
                    + ".rollback-r1")), "old tree kept for a rollback");
        }
        restore.commit();

        assertNewTrees();
        assertEquals(List.of("live0", "live1", "live2"), trees.parentListing());
        assertEquals(List.of(), Trees.list(journalFolder));
        assertEquals(RecoveryResult.Outcome.NOTHING_TO_RECOVER, RestoreTransaction.recover(journalFolder).outcome());
    }

    @Test
    void swapThenRollbackPutsTheOldTreesBackExactly() throws IOException {
        RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, "r1", trees.swaps);
        restore.swap();
        assertNewTrees();

        restore.rollback();

        assertOldTrees();
        assertEquals(List.of("live0", "live1"), trees.parentListing(), "the folder that was missing is gone again");
        assertEquals(List.of(), Trees.list(journalFolder));
        restore.rollback();
        assertThrows(IllegalStateException.class, restore::commit);
    }

    @Test
    void theLiveFoldersStayTheSameFoldersAndAWatcherOfOneSeesChangesAfterTheRestore() throws Exception {
        Path live = trees.swaps.get(0).live();
        Map<Path, Object> inodes = trees.liveInodes();
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            WatchKey key = live.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, "r1", trees.swaps);
            restore.swap();
            restore.commit();
            assertEquals(List.of(), restore.replacedWhole());
            assertEquals(inodes, trees.liveInodes());
            assertNewTrees();
            drain(watcher, key, "shared.cfg");

            Files.writeString(live.resolve("dropped-after-restore.cfg"), "a = b");

            drain(watcher, key, "dropped-after-restore.cfg");
        }
    }

    @Test
    void aLiveFolderWhoseEntriesCannotBeMovedIsReplacedWholeAndTheTransactionSaysSo() throws IOException {
        Path live = trees.swaps.get(0).live();
        RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, "r1", trees.swaps,
                StepListener.NONE, folder -> !folder.equals(live));
        assertEquals(List.of(), restore.replacedWhole(), "nothing replaced before the swap");
        restore.swap();
        restore.commit();

        assertEquals(List.of(live), restore.replacedWhole(), "not the one that did not exist");
        assertNewTrees();
        assertEquals(List.of("live0", "live1", "live2"), trees.parentListing());
    }

    @Test
    void rollbackBeforeSwappingDeletesTheStagingFolders() throws IOException {
        try (RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, "r1", trees.swaps)) {
            assertEquals("r1", restore.restoreId());
        }
        assertOldTrees();
        assertEquals(List.of("live0", "live1"), trees.parentListing());
        assertEquals(List.of(), Trees.list(journalFolder));
    }

    @Test
    void aFailureWhileSwappingPutsTheOldTreesBack() throws IOException {
        StepListener failOnSecond = (step, index) -> {
            if (step == StepListener.Step.NEW_ENTRY_MOVED_IN && index == 1) {
                throw new IllegalStateException("simulated failure after moving an entry into live1");
            }
        };
        RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, "r1", trees.swaps, failOnSecond);

        IOException e = assertThrows(IOException.class, restore::swap);

        assertTrue(e.getMessage().contains("The old folders are back in place"), e.getMessage());
        assertOldTrees();
        assertEquals(List.of("live0", "live1"), trees.parentListing());
        assertEquals(List.of(), Trees.list(journalFolder));
    }

    @Test
    void recoveryOfAPreparedRestoreDeletesOnlyTheStagingFolders() throws IOException {
        RestoreTransaction.prepare(journalFolder, "r1", trees.swaps);

        RecoveryResult result = RestoreTransaction.recover(journalFolder);

        assertEquals(RecoveryResult.Outcome.ROLLED_BACK, result.outcome());
        assertEquals("r1", result.restoreId());
        assertEquals(3, result.actions().size(), result.actions().toString());
        assertOldTrees();
        assertEquals(List.of("live0", "live1"), trees.parentListing());
    }

    @Test
    void anotherRestoreWaitsForRecovery() throws IOException {
        RestoreTransaction.prepare(journalFolder, "r1", trees.swaps);

        assertThrows(FileAlreadyExistsException.class,
                () -> RestoreTransaction.prepare(journalFolder, "r2", trees.swaps));
        RestoreTransaction.recover(journalFolder);
        assertFalse(Files.exists(journalFolder.resolve(RestoreJournal.FILE_NAME)));
    }

    @Test
    void refusesFoldersThatCannotBeSwappedByRenaming() throws IOException {
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere/staging"));
        Path live = trees.swaps.get(0).live();
        assertThrows(IllegalArgumentException.class, () -> new FolderSwap(live, elsewhere));
        assertThrows(IllegalArgumentException.class, () -> RestoreTransaction.prepare(journalFolder, "../x",
                trees.swaps));
        FolderSwap nested = new FolderSwap(live.resolve("d0"), live.resolve("d0.staging"));
        assertThrows(IllegalArgumentException.class, () -> RestoreTransaction.prepare(journalFolder, "r1",
                List.of(trees.swaps.get(0), nested)));
        Path link = Files.createSymbolicLink(temp.resolve("openhab/linked"), live);
        assertThrows(IOException.class, () -> RestoreTransaction.prepare(journalFolder, "r1",
                List.of(new FolderSwap(link, temp.resolve("openhab/linked.staging")))));
        assertFalse(Files.exists(journalFolder.resolve(RestoreJournal.FILE_NAME)));
    }

    @Test
    void refusesAJournalInsideAFolderBeingSwapped() throws IOException {
        Path live = trees.swaps.get(0).live();
        Path inside = live.resolve("cache/bundle12/data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestoreTransaction.prepare(inside, "r1", trees.swaps));
        assertTrue(e.getMessage().contains("inside " + live), e.getMessage());

        Path linkToLive = Files.createSymbolicLink(temp.resolve("data-link"), live);
        assertThrows(IllegalArgumentException.class,
                () -> RestoreTransaction.prepare(linkToLive.resolve("data"), "r1", trees.swaps));
        Trees.assertMissing(inside);
    }

    @Test
    void aMissingStagingFolderIsRefusedBeforeAnyLiveFolderChanges() throws IOException {
        RestoreTransaction restore = RestoreTransaction.prepare(journalFolder, "r1", trees.swaps);
        FolderTrees.deleteTree(trees.swaps.get(2).staging());

        assertThrows(java.nio.file.NotDirectoryException.class, restore::swap);

        assertEquals(trees.oldTrees.get(trees.swaps.get(0).live()), SwapTrees.snapshot(trees.swaps.get(0).live()));
        restore.rollback();
        assertOldTrees();
        assertEquals(List.of("live0", "live1"), trees.parentListing());
    }

    @Test
    void deleteTreeRemovesReadOnlyFoldersAndDoesNotFollowLinks() throws IOException {
        Path keep = Trees.file(temp, "keep/precious.txt", "do not delete");
        Path tree = Files.createDirectories(temp.resolve("tree/ro/inner"));
        Trees.file(tree, "f.txt", "x");
        Files.createSymbolicLink(temp.resolve("tree/link-to-keep"), keep.getParent());
        SourceTrees.mode(temp.resolve("tree/ro/inner"), 0500);
        SourceTrees.mode(temp.resolve("tree/ro"), 0000);

        FolderTrees.deleteTree(temp.resolve("tree"));

        Trees.assertMissing(temp.resolve("tree"));
        assertEquals("do not delete", Files.readString(keep));
    }

    /* Waits, with a deadline, until the watcher reports that {@code name} was created in the watched folder. */
    private static void drain(WatchService watcher, WatchKey key, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            WatchKey signalled = watcher.poll(100, TimeUnit.MILLISECONDS);
            if (signalled == null) {
                continue;
            }
            for (WatchEvent<?> event : signalled.pollEvents()) {
                seen.add(String.valueOf(event.context()));
            }
            assertTrue(signalled.reset(), "the watch on the live folder stays valid");
            if (seen.contains(name)) {
                assertEquals(key, signalled);
                return;
            }
        }
        throw new AssertionError("the watcher of the live folder did not see " + name + " created; it saw " + seen);
    }

    private void assertNewTrees() throws IOException {
        for (Map.Entry<Path, Map<String, String>> e : trees.newTrees.entrySet()) {
            assertEquals(e.getValue(), SwapTrees.snapshot(e.getKey()), e.getKey().toString());
        }
    }

    private void assertOldTrees() throws IOException {
        for (Map.Entry<Path, Map<String, String>> e : trees.oldTrees.entrySet()) {
            assertEquals(e.getValue(), SwapTrees.snapshot(e.getKey()), e.getKey().toString());
        }
    }
}
