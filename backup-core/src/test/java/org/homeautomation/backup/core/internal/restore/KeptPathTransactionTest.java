package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths a restore keeps (a runtime's cache and logs, which backups leave out) go from the old tree into the restored
 * one when the folders are swapped, and back into the old tree when the restore is rolled back or recovered: the
 * very same files, never the backup's versions.
 */
class KeptPathTransactionTest {
    @TempDir
    Path temp;

    private KeptTrees trees;
    private Path journal;

    @BeforeEach
    void folders() throws IOException {
        trees = new KeptTrees(Files.createDirectories(temp.resolve("openhab")), 40);
        journal = temp.resolve("journal");
    }

    @Test
    void swapThenCommitCarriesTheKeptPathsIntoTheRestoredTree() throws IOException {
        RestoreTransaction restore = RestoreTransaction.prepare(journal, "kept", trees.swaps);
        restore.swap();
        restore.commit();

        trees.assertNew();
        Path data = trees.swaps.get(0).live();
        assertEquals("live cache", Files.readString(data.resolve("cache/blob.bin")), "not the backup's cache");
        assertEquals("from the backup", Files.readString(data.resolve("logs/archived.log")));
        Trees.assertMissing(data.resolve("logs/other.log"));
        assertEquals(List.of(), Trees.list(journal));
    }

    @Test
    void swapThenRollbackReturnsTheKeptPathsToTheOldTree() throws IOException {
        RestoreTransaction restore = RestoreTransaction.prepare(journal, "kept", trees.swaps);
        restore.swap();
        restore.rollback();

        trees.assertOld();
        assertEquals(List.of(), Trees.list(journal));
    }

    @Test
    void recoveryOfASwapThatWasCutOffReturnsTheKeptPaths() throws IOException {
        RestoreTransaction.prepare(journal, "kept", trees.swaps).swap();
        // The process "dies" here: neither commit nor rollback.

        RecoveryResult result = RestoreTransaction.recover(journal);

        assertEquals(RecoveryResult.Outcome.ROLLED_BACK, result.outcome());
        assertTrue(result.actions().stream().anyMatch(a -> a.contains("Returned logs/app.log")), result.actions()
                .toString());
        trees.assertOld();
    }

    @Test
    void aKeptPathBelowWhatIsAFileInTheRestoredTreeGetsRealFoldersAboveIt() throws IOException {
        Path live = Files.createDirectories(temp.resolve("other/live"));
        Path staging = Files.createDirectories(temp.resolve("other/.live.restore-x"));
        Trees.file(live, "var/run/state.bin", "live state");
        Trees.file(staging, "var", "the backup has a file where the live tree has a folder");
        Object inode = inode(live.resolve("var/run/state.bin"));

        RestoreTransaction restore = RestoreTransaction.prepare(temp.resolve("journal-x"), "x",
                List.of(new FolderSwap(live, staging, List.of("var/run/state.bin"))));
        restore.swap();
        restore.commit();

        assertEquals(inode, inode(live.resolve("var/run/state.bin")));
        assertEquals("live state", Files.readString(live.resolve("var/run/state.bin")));
    }

    @Test
    void aKeptPathBelowWhatIsALinkInTheRestoredTreeIsNeitherDeletedNorCarriedThroughIt() throws IOException {
        Path live = Files.createDirectories(temp.resolve("other/live"));
        Path staging = Files.createDirectories(temp.resolve("other/.live.restore-x"));
        Trees.file(live, "run/pid", "4711");
        Trees.file(staging, "elsewhere/pid", "a file of the backup, which the link leads to");
        Files.createSymbolicLink(staging.resolve("run"), Path.of("elsewhere"));
        Object inode = inode(live.resolve("run/pid"));

        RestoreTransaction restore = RestoreTransaction.prepare(temp.resolve("journal-x"), "x",
                List.of(new FolderSwap(live, staging, List.of("run/pid"))));
        restore.swap();
        restore.commit();

        assertTrue(Files.isDirectory(live.resolve("run"), LinkOption.NOFOLLOW_LINKS), "the link became a folder");
        assertEquals(inode, inode(live.resolve("run/pid")));
        assertEquals("a file of the backup, which the link leads to", Files.readString(live.resolve(
                "elsewhere/pid")), "nothing of the restored tree is deleted or replaced through its link");
    }

    @Test
    void aKeptPathTheLiveFolderDoesNotHoldIsNotTakenFromTheBackupEither() throws IOException {
        Path live = Files.createDirectories(temp.resolve("other/live"));
        Path staging = Files.createDirectories(temp.resolve("other/.live.restore-y"));
        Trees.file(live, "config.cfg", "old");
        Trees.file(staging, "config.cfg", "new");
        Trees.file(staging, "cache/stale.bin", "the backup's cache");

        RestoreTransaction restore = RestoreTransaction.prepare(temp.resolve("journal-y"), "y",
                List.of(new FolderSwap(live, staging, List.of("cache"))));
        restore.swap();
        restore.commit();

        assertEquals("new", Files.readString(live.resolve("config.cfg")));
        Trees.assertMissing(live.resolve("cache"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "/abs", "../up", "a/../b", "a/./b", "cache|cache/sub"})
    void keptPathsThatAreNotPlainRelativePathsAreRefused(String kept) {
        Path live = temp.resolve("p/live");
        Path staging = temp.resolve("p/.live.restore-z");
        assertThrows(IllegalArgumentException.class, () -> new FolderSwap(live, staging, List.of(kept.split(
                "\\|", -1))));
    }

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }
}
