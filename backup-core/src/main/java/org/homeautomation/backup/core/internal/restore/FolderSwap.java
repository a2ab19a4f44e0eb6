package org.homeautomation.backup.core.internal.restore;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One folder of a restore: the live folder and the staging folder holding its restored tree. They must be siblings
 * (in the same parent folder), so that swapping them is a rename on one file system.
 *
 * @param live the folder the runtime uses; it may be missing (then the restore creates it)
 * @param staging the folder the restored tree was unpacked into
 * @param kept paths relative to the live folder that stay as they are: they are carried from the old tree into the
 *        restored one right after the swap (and back on rollback), for example the runtime's cache and logs, which
 *        backups leave out; '/'-separated, no '..', none inside another
 */
public record FolderSwap(Path live, Path staging, List<String> kept) {

    /** A swap that keeps nothing of the old tree. */
    public FolderSwap(Path live, Path staging) {
        this(live, staging, List.of());
    }

    /**
     * Makes both paths absolute and normalized.
     *
     * @throws IllegalArgumentException when they are not two different folders in the same parent
     */
    public FolderSwap {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(staging, "staging");
        live = live.toAbsolutePath().normalize();
        staging = staging.toAbsolutePath().normalize();
        kept = List.copyOf(kept);
        for (String k : kept) {
            Path rel = Path.of(k);
            if (k.isEmpty() || rel.isAbsolute() || !rel.normalize().equals(rel) || rel.startsWith("..")) {
                throw new IllegalArgumentException("A kept path must be relative and plain, was '" + k + "'");
            }
            for (String other : kept) {
                if (!other.equals(k) && rel.startsWith(Path.of(other))) {
                    throw new IllegalArgumentException("Kept path '" + k + "' is inside kept path '" + other + "'");
                }
            }
        }
        if (live.getParent() == null || !live.getParent().equals(staging.getParent()) || live.equals(staging)) {
            throw new IllegalArgumentException("The staging folder " + staging + " must be a sibling of the live "
                    + "folder " + live + " (same parent folder, different name), so that they can be swapped by "
                    + "renaming");
        }
    }

    /** @return where the old tree of the live folder is kept until the restore is committed */
    public Path rollback(String restoreId) {
        return live.resolveSibling(live.getFileName() + ".rollback-" + restoreId);
    }
}
