package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.support.json.Json;

/**
 * The blobs that the repository's snapshots use, ours and everyone else's: every tree reachable from a snapshot and
 * every data blob of the files in them. Only these may survive a prune. Reads each tree once.
 */
final class ReachableBlobs {
    private ReachableBlobs() {
    }

    /**
     * @throws RepositoryException when a snapshot's tree is missing or unreadable: then nothing may be pruned, since
     *         what that tree uses is unknown
     */
    static Set<String> of(Repository repository, RepositoryIndex index) throws IOException, RepositoryException {
        Set<String> used = new HashSet<>();
        Deque<String> trees = new ArrayDeque<>();
        SnapshotReader reader = new SnapshotReader(repository);
        for (String snapshotId : repository.storage().list(FileType.SNAPSHOT)) {
            try {
                trees.add(reader.snapshot(snapshotId).tree());
            } catch (NoSuchFileException e) {
                // forgotten meanwhile
            }
        }
        BlobReader blobs = new BlobReader(repository);
        while (!trees.isEmpty()) {
            String treeId = trees.pop();
            if (treeId == null || !used.add(treeId)) {
                continue;
            }
            BlobLocation location = index.find(treeId);
            if (location == null) {
                throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The tree " + treeId + " that a"
                        + " snapshot uses is in no index of the restic repository " + repository.storage().location()
                        + "; nothing was pruned; run 'restic check'");
            }
            try {
                Map<?, ?> tree = (Map<?, ?>) Json.parse(new String(blobs.read(location), StandardCharsets.UTF_8)
                        .trim());
                Object nodes = tree.get("nodes");
                for (Object n : nodes instanceof List<?> list ? list : List.of()) {
                    Map<?, ?> node = (Map<?, ?>) n;
                    if (node.get("subtree") instanceof String subtree) {
                        trees.push(subtree);
                    }
                    if (node.get("content") instanceof List<?> content) {
                        for (Object blob : content) {
                            used.add((String) blob);
                        }
                    }
                }
            } catch (RuntimeException e) {
                throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The tree " + treeId + " of the"
                        + " restic repository " + repository.storage().location() + " cannot be read; nothing was"
                        + " pruned; run 'restic check'");
            }
        }
        return used;
    }
}
