package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.core.internal.restore.StepListener.Step;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a JVM with SIGKILL in the middle of a restore, at every step that changes the disk, then recovers in this JVM
 * and checks that every live folder is exactly its old tree, or exactly its new tree when the commit had been
 * recorded, with no staging or rollback folder left. The kill points are exact: the child stops at a chosen step and
 * says so before it is killed. Three live folders with a few hundred files each, and a fourth that did not exist;
 * their entries moved (the live folders stay the same folders), or, when entries cannot be moved, the folders swapped
 * whole. After recovery no empty journal folder is left beside the live folders either.
 */
class RestoreCrashTest {
    private static final int FILES = 300;
    /* A safety net for a child that never reaches its pause; not a timing assumption of the test. */
    private static final long CHILD_TIMEOUT_SECONDS = 300;

    @TempDir
    Path temp;

    /*
     * Sorted names of a tree: d0 to d6, empty-new, empty-old, flip, flop, new-link, new-only.cfg, old-link,
     * old-only.cfg, shared.cfg. So old entry #13 is shared.cfg, hard-linked aside; new entry #9 is the folder flip
     * that replaces a file, #10 the file flop that replaces a folder, #13 shared.cfg renamed over the old one.
     */
    @ParameterizedTest(name = "{0} at {1} of swap {2} #{3}: {4}")
    @CsvSource({
        "swap-commit,         PREPARED_RECORDED,     -1, 1,   old",
        "swap-commit,         SWAPPING_RECORDED,     -1, 1,   old",
        "swap-commit,         OLD_ENTRY_MOVED_ASIDE,  0, 1,   old",
        "swap-commit,         OLD_ENTRY_MOVED_ASIDE,  1, 9,   old",
        "swap-commit,         NEW_ENTRY_MOVED_IN,     1, 9,   old",
        "swap-commit,         NEW_ENTRY_MOVED_IN,     1, 10,  old",
        "swap-commit,         OLD_ENTRY_MOVED_ASIDE,  1, 13,  old",
        "swap-commit,         NEW_ENTRY_MOVED_IN,     1, 13,  old",
        "swap-commit,         NEW_ENTRY_MOVED_IN,     2, 13,  old",
        "swap-commit,         STAGING_MOVED_IN,       3, 1,   old",
        "swap-commit,         SWAPPED_RECORDED,      -1, 1,   old",
        "swap-commit,         COMMITTED_RECORDED,    -1, 1,   new",
        "swap-commit,         PATH_DELETED,           1, 150, new",
        "swap-commit-background, COMMITTED_RECORDED, -1, 1,   new",
        "swap-commit-background, PATH_DELETED,        0, 1,   new",
        "swap-commit-background, PATH_DELETED,        2, 150, new",
        "swap-rollback,       NEW_ENTRY_MOVED_OUT,    1, 2,   old",
        "swap-rollback,       ENTRY_PUT_BACK,         1, 1,   old",
        "swap-rollback,       ENTRY_PUT_BACK,         1, 5,   old",
        "swap-rollback,       OLD_TREE_PUT_BACK,      1, 1,   old",
        "swap-rollback,       PATH_DELETED,           2, 50,  old",
        "swap-commit-whole,   LIVE_MOVED_ASIDE,       1, 1,   old",
        "swap-commit-whole,   STAGING_MOVED_IN,       1, 1,   old",
        "swap-commit-whole,   SWAPPED_RECORDED,      -1, 1,   old",
        "swap-commit-whole,   PATH_DELETED,           1, 150, new",
        "swap-rollback-whole, OLD_TREE_PUT_BACK,      1, 1,   old",
    })
    void killedAnywhereTheFoldersComeBackWholeAfterRecovery(String mode, Step step, int index, int count,
            String expected) throws Exception {
        SwapTrees trees = new SwapTrees(Files.createDirectories(temp.resolve("openhab")), 3, 1, FILES);
        Path journalFolder = RestoreJournalFolders.forLive(trees.swaps.get(0).live());
        Map<Path, Object> inodes = trees.liveInodes();

        killAt(mode, journalFolder, trees, step, index, count);
        RecoveryResult result = RestoreTransaction.recover(journalFolder);

        assertEquals(expected.equals("new") ? RecoveryResult.Outcome.COMMIT_COMPLETED
                : RecoveryResult.Outcome.ROLLED_BACK, result.outcome());
        assertWhole(trees, journalFolder, expected.equals("new"));
        if (!mode.endsWith("-whole")) {
            assertEquals(inodes, trees.liveInodes(), "every live folder is still the same folder");
        }
    }

    @ParameterizedTest(name = "{0} at {1} of swap {2} #{3}, recovery killed at {4} of swap {5} #{6}: {7}")
    @CsvSource({
        "swap-commit,       NEW_ENTRY_MOVED_IN, 2, 5,  ENTRY_PUT_BACK,      1, 1,  old",
        "swap-commit,       NEW_ENTRY_MOVED_IN, 2, 5,  NEW_ENTRY_MOVED_OUT, 2, 2,  old",
        "swap-commit,       NEW_ENTRY_MOVED_IN, 2, 5,  ENTRY_PUT_BACK,      2, 3,  old",
        "swap-commit,       NEW_ENTRY_MOVED_IN, 2, 5,  OLD_TREE_PUT_BACK,   2, 1,  old",
        "swap-commit,       NEW_ENTRY_MOVED_IN, 2, 5,  PATH_DELETED,        2, 40, old",
        "swap-commit,       OLD_ENTRY_MOVED_ASIDE, 0, 13, ENTRY_PUT_BACK,   0, 1,  old",
        "swap-commit,       COMMITTED_RECORDED, -1, 1, PATH_DELETED,        0, 40, new",
        "swap-commit-whole, STAGING_MOVED_IN,   2, 1,  OLD_TREE_PUT_BACK,   1, 1,  old",
        "swap-commit-whole, LIVE_MOVED_ASIDE,   0, 1,  OLD_TREE_PUT_BACK,   0, 1,  old",
    })
    void aRecoveryKilledItselfIsFinishedByTheNextOne(String mode, Step step, int index, int count,
            Step recoveryStep, int recoveryIndex, int recoveryCount, String expected) throws Exception {
        SwapTrees trees = new SwapTrees(Files.createDirectories(temp.resolve("openhab")), 3, 1, FILES);
        Path journalFolder = RestoreJournalFolders.forLive(trees.swaps.get(0).live());
        killAt(mode, journalFolder, trees, step, index, count);

        killAt("recover", journalFolder, trees, recoveryStep, recoveryIndex, recoveryCount);
        RestoreTransaction.recover(journalFolder);

        assertWhole(trees, journalFolder, expected.equals("new"));
    }

    private static void assertWhole(SwapTrees trees, Path journalFolder, boolean committed) throws IOException {
        Map<Path, Map<String, String>> expected = committed ? trees.newTrees : trees.oldTrees;
        for (FolderSwap swap : trees.swaps) {
            Map<String, String> tree = expected.get(swap.live());
            if (tree == null) {
                Trees.assertMissing(swap.live());
            } else {
                assertEquals(tree, SwapTrees.snapshot(swap.live()), swap.live() + " must be entirely the "
                        + (committed ? "new" : "old") + " tree");
            }
        }
        List<String> live = new ArrayList<>();
        for (Path p : expected.keySet()) {
            live.add(p.getFileName().toString());
        }
        assertEquals(live, trees.parentListing(), "no staging, rollback or journal folder is left");
    }

    /* Runs the child until it announces the pause, then kills it with SIGKILL. */
    private void killAt(String mode, Path journalFolder, SwapTrees trees, Step step, int index, int count)
            throws Exception {
        CrashingChild.killAt(mode, journalFolder, "crash-test", trees.swaps, step, index, count, temp);
    }
}
