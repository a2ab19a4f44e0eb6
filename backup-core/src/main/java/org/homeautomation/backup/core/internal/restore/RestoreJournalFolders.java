package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the journal of a restore is kept: in a hidden folder beside the live folders it swaps, never inside them. The
 * bundle's own data area will not do: in Karaf it lies inside the data folder, which a restore may swap away.
 */
public final class RestoreJournalFolders {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreJournalFolders.class);
    static final String NAME = ".backup-restore";

    private RestoreJournalFolders() {
    }

    /** @return the journal folder of a restore whose first live folder is {@code live} */
    public static Path forLive(Path live) {
        return live.toAbsolutePath().normalize().resolveSibling(NAME);
    }

    /**
     * Finishes or rolls back every restore that a crash cut off, looking beside each folder that can be restored.
     * Runs at start-up, before any backup or restore.
     *
     * @param liveFolders the configured source folders
     * @return whether every journal found was recovered; false when one could not be (it was logged)
     */
    public static boolean recoverAll(Collection<Path> liveFolders) {
        Set<Path> folders = new LinkedHashSet<>();
        liveFolders.forEach(live -> folders.add(forLive(live)));
        boolean ok = true;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try {
                RecoveryResult result = RestoreTransaction.recover(folder);
                if (result.outcome() != RecoveryResult.Outcome.NOTHING_TO_RECOVER) {
                    LOG.warn("A restore was cut off ({}): {}", result.outcome(), String.join("; ", result.actions()));
                }
            } catch (IOException | RuntimeException e) {
                ok = false;
                LOG.error("Could not recover the restore that was cut off, journal in {}: {}. No restore can run"
                        + " until it is fixed.", folder, BackupRestore.clause(e.getMessage()));
            }
        }
        return ok;
    }
}
