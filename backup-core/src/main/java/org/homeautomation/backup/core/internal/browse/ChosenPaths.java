package org.homeautomation.backup.core.internal.browse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.core.internal.paths.PathSelection;

/**
 * Before chosen paths are restored into the live folders: every path or glob given must match an entry of the
 * backup. A restore of chosen paths makes them as the backup has them, so a path the backup lacks would be deleted
 * from the live folder; a typing mistake must not do that. Reads the chosen contents' headers from the agent's stream
 * until every glob has matched, and no further.
 */
public final class ChosenPaths {
    private ChosenPaths() {
    }

    /**
     * @param agentId the agent whose copy is restored
     * @param metadata that copy's metadata
     * @param options the restore asked for, with paths
     * @param opener opens the archive, unprotected
     * @throws BackupException when a path matches no entry, naming it, or the backup cannot be read
     */
    public static void requireEachMatches(String agentId, BackupMetadata metadata, RestoreOptions options,
            ArchiveOpener opener) throws BackupException {
        Map<String, PathSelection> unmatched = new LinkedHashMap<>();
        for (String glob : options.paths()) {
            unmatched.put(glob, PathSelection.of(List.of(glob)));
        }
        PathSelection all = PathSelection.of(options.paths());
        char[] password = options.password().orElse(null);
        try (BackupCopyReader copy = BackupCopyReader.of(agentId, metadata, password, opener);
                ArchiveEntryReader reader = copy.open()) {
            String content;
            while (!unmatched.isEmpty() && (content = reader.nextContent()) != null) {
                if (!all.mayChooseIn(content)
                        || !(options.contents().isEmpty() || options.contents().contains(content))) {
                    continue;
                }
                BackupEntry e;
                while (!unmatched.isEmpty() && (e = reader.nextEntry()) != null) {
                    String c = e.content();
                    String p = e.path();
                    unmatched.values().removeIf(s -> s.chooses(c, p));
                }
            }
        } catch (IOException e) {
            throw new BackupException("Could not read backup " + metadata.id() + " from agent '" + agentId
                    + "' to find the chosen paths in it: " + e.getMessage() + ". Nothing was restored.", e);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
        if (!unmatched.isEmpty()) {
            List<String> missing = new ArrayList<>(unmatched.keySet());
            throw new BackupException("No entry of backup " + metadata.id() + " matches " + String.join(", ", missing)
                    + "; restoring it would delete it from the live folder. See backup:contents " + metadata.id()
                    + " for the paths it holds. Nothing was restored.");
        }
    }
}
