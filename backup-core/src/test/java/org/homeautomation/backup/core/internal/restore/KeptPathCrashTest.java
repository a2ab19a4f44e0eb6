package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.core.internal.restore.StepListener.Step;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a JVM with SIGKILL in the middle of a restore whose live folders have kept paths (a cache folder and a log
 * file in one, a temporary folder in the other), at the steps that carry them and around them, then recovers in this
 * JVM: every live folder is entirely its old tree with its kept paths back in place (the very same files), or, once
 * the commit was recorded, the new tree with the old kept paths; nothing else is left, not even an empty journal
 * folder. Live folders whose entries are moved and live folders swapped whole.
 */
class KeptPathCrashTest {
    private static final int FILES = 60;
    /* A safety net for a child that never reaches its pause; not a timing assumption of the test. */
    private static final long CHILD_TIMEOUT_SECONDS = 300;

    @TempDir
    Path temp;

    /*
     * data: "cache" stays where it is, "logs/app.log" is carried from the old logs folder into the restored one; its
     * sorted entries d0 to d4, jsondb, logs are moved. etc: "tmp" stays; etc.cfg is hard-linked aside and replaced.
     */
    @ParameterizedTest(name = "{0} at {1} of swap {2} #{3}: {4}")
    @CsvSource({
        "swap-commit,         NEW_ENTRY_MOVED_IN,     0, 7,  old",
        "swap-commit,         KEPT_PATH_CARRIED,      0, 1,  old",
        "swap-commit,         OLD_ENTRY_MOVED_ASIDE,  1, 1,  old",
        "swap-commit,         NEW_ENTRY_MOVED_IN,     1, 1,  old",
        "swap-commit,         SWAPPED_RECORDED,      -1, 1,  old",
        "swap-commit,         COMMITTED_RECORDED,    -1, 1,  new",
        "swap-commit,         PATH_DELETED,           0, 20, new",
        "swap-rollback,       ENTRY_PUT_BACK,         0, 1,  old",
        "swap-rollback,       OLD_TREE_PUT_BACK,      1, 1,  old",
        "swap-rollback,       PATH_DELETED,           0, 20, old",
        "swap-commit-whole,   STAGING_MOVED_IN,       0, 1,  old",
        "swap-commit-whole,   KEPT_PATH_CARRIED,      0, 1,  old",
        "swap-commit-whole,   KEPT_PATH_CARRIED,      0, 2,  old",
        "swap-commit-whole,   KEPT_PATH_CARRIED,      1, 1,  old",
        "swap-commit-whole,   COMMITTED_RECORDED,    -1, 1,  new",
        "swap-rollback-whole, OLD_TREE_PUT_BACK,      1, 1,  old",
    })
    void killedAnywhereTheKeptPathsAreWhereTheirTreeIsAfterRecovery(String mode, Step step, int index, int count,
            String expected) throws Exception {
        KeptTrees trees = new KeptTrees(Files.createDirectories(temp.resolve("openhab")), FILES);
        Path journal = RestoreJournalFolders.forLive(trees.swaps.get(0).live());

        killAt(mode, journal, trees, step, index, count);
        RecoveryResult result = RestoreTransaction.recover(journal);

        if (expected.equals("new")) {
            assertEquals(RecoveryResult.Outcome.COMMIT_COMPLETED, result.outcome());
            trees.assertNew();
        } else {
            assertEquals(RecoveryResult.Outcome.ROLLED_BACK, result.outcome());
            trees.assertOld();
        }
        assertEquals(List.of(), Trees.list(journal), "the journal is gone");
    }

    @ParameterizedTest(name = "{0} at {1} of swap {2} #{3}, recovery killed at {4} of swap {5} #{6}")
    @CsvSource({
        "swap-commit,       KEPT_PATH_CARRIED, 0, 1, ENTRY_PUT_BACK,    0, 1",
        "swap-commit,       KEPT_PATH_CARRIED, 0, 1, OLD_TREE_PUT_BACK, 0, 1",
        "swap-commit,       NEW_ENTRY_MOVED_IN, 1, 1, ENTRY_PUT_BACK,   1, 1",
        "swap-commit-whole, KEPT_PATH_CARRIED, 0, 2, OLD_TREE_PUT_BACK, 0, 1",
        "swap-commit-whole, KEPT_PATH_CARRIED, 1, 1, OLD_TREE_PUT_BACK, 1, 1",
        "swap-commit-whole, KEPT_PATH_CARRIED, 1, 1, PATH_DELETED,      0, 10",
    })
    void aRecoveryKilledItselfIsFinishedByTheNextOne(String mode, Step step, int index, int count,
            Step recoveryStep, int recoveryIndex, int recoveryCount) throws Exception {
        KeptTrees trees = new KeptTrees(Files.createDirectories(temp.resolve("openhab")), FILES);
        Path journal = RestoreJournalFolders.forLive(trees.swaps.get(0).live());
        killAt(mode, journal, trees, step, index, count);

        killAt("recover", journal, trees, recoveryStep, recoveryIndex, recoveryCount);
        RestoreTransaction.recover(journal);

        trees.assertOld();
        assertEquals(List.of(), Trees.list(journal), "the journal is gone");
    }

    /* Runs the child until it announces the pause, then kills it with SIGKILL. */
    private void killAt(String mode, Path journal, KeptTrees trees, Step step, int index, int count)
            throws Exception {
        CrashingChild.killAt(mode, journal, "kept-crash", trees.swaps, step, index, count, temp);
    }
}
