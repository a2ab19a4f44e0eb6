package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;

/** What the restic agent's tests in the framework check, whatever holds the repository (a folder, an S3 bucket). */
final class ResticScenario {
    /** How many bytes the repository's store holds now. */
    @FunctionalInterface
    interface StoredBytes {
        long now() throws IOException;
    }

    private ResticScenario() {
    }

    /**
     * Backs up twice through the agent with a small change in {@code home} between, checks that the second backup
     * adds less than half of what the first stored, then restores {@code home} from the second.
     *
     * @param largeFileBytes the size of the large file among the sources, which the first backup must store
     */
    static void secondBackupIsIncrementalAndRestores(Backups backups, String agentId, Path home, long largeFileBytes,
            StoredBytes stored) throws Exception {
        BackupResult first = backups.run(BackupRequest.builder("Day 1").agents(agentId).build());
        assertEquals(first.toString(), BackupResult.Status.SUCCEEDED, first.status());
        long afterFirst = stored.now();
        Files.writeString(home.resolve("changed.txt"), "changed between the two backups");
        BackupResult second = backups.run(BackupRequest.builder("Day 2").agents(agentId).build());
        assertEquals(second.toString(), BackupResult.Status.SUCCEEDED, second.status());
        long added = stored.now() - afterFirst;

        assertTrue("the first backup stores the large file: " + afterFirst, afterFirst > largeFileBytes);
        // what changes: the first chunks (backup.json) and those of the changed content, each about 1 MiB, at most 8
        assertTrue("the second backup must add a fraction of the first: " + added + " of " + afterFirst,
                added < afterFirst / 2);

        Map<String, String> original = SystemTools.tree(home);
        Files.writeString(home.resolve("added-after-backup.txt"), "new");
        RestoreResult restored = backups.manager().restore(second.backupId(),
                RestoreOptions.builder().agent(agentId).contents("home").build());
        assertEquals(agentId, restored.agentId());
        assertEquals("the live folder is the backed-up tree again", original, SystemTools.tree(home));
    }
}
