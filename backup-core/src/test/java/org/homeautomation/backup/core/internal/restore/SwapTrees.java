package org.homeautomation.backup.core.internal.restore;

import org.homeautomation.backup.core.internal.archive.SourceTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live folders with an old tree and staging folders with a new tree, for swap tests: every tree is different, and
 * each is remembered as a snapshot (types, data, modes, times) to compare with afterwards.
 */
final class SwapTrees {
    final Path parent;
    final List<FolderSwap> swaps = new ArrayList<>();
    final Map<Path, Map<String, String>> oldTrees = new LinkedHashMap<>();
    final Map<Path, Map<String, String>> newTrees = new LinkedHashMap<>();

    /**
     * @param parent where the live and staging folders are made
     * @param existing the number of live folders that exist, with an old tree
     * @param missing the number of live folders that do not exist yet
     * @param files files per tree
     */
    SwapTrees(Path parent, int existing, int missing, int files) throws IOException {
        this.parent = parent;
        for (int i = 0; i < existing + missing; i++) {
            Path live = parent.resolve("live" + i);
            Path staging = parent.resolve("live" + i + ".staging");
            if (i < existing) {
                oldTrees.put(live, tree(live, "old", i, files));
            }
            newTrees.put(live, tree(staging, "new", i, files + 7));
            swaps.add(new FolderSwap(live, staging));
        }
    }

    /** @return the snapshot compared: everything but the live folder's own modification time */
    static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> s = Trees.snapshot(folder, Trees.Detail.MODE, Trees.Detail.MTIME);
        s.put("", s.get("").replaceAll(" mtime=\\d+", ""));
        return s;
    }

    /** @return the inode of each live folder that had an old tree */
    Map<Path, Object> liveInodes() throws IOException {
        Map<Path, Object> inodes = new LinkedHashMap<>();
        for (Path live : oldTrees.keySet()) {
            inodes.put(live, Files.getAttribute(live, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
        return inodes;
    }

    /** @return the names in the parent folder, sorted */
    List<String> parentListing() throws IOException {
        try (var names = Files.list(parent)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> tree(Path root, String age, int index, int files) throws IOException {
        Files.createDirectories(root);
        for (int f = 0; f < files; f++) {
            String relative = "d" + (f % 7) + "/e" + (f % 3) + "/" + age + "-file-" + f + ".txt";
            Trees.file(root, relative, age + " tree " + index + ", file " + f + "\n");
        }
        Files.createSymbolicLink(root.resolve(age + "-link"), Path.of("d0/e0"));
        Files.createDirectories(root.resolve("empty-" + age));
        // Top-level files: one in both trees, one in each alone, and names that are a file in one, a folder in the
        // other.
        Trees.file(root, "shared.cfg", age + " tree " + index + ", shared\n");
        Trees.file(root, age + "-only.cfg", age + " tree " + index + ", alone\n");
        Trees.file(root, age.equals("old") ? "flip" : "flip/inner.cfg", age + " flip\n");
        Trees.file(root, age.equals("old") ? "flop/inner.cfg" : "flop", age + " flop\n");
        SourceTrees.mode(root.resolve("d1"), age.equals("old") ? 0750 : 0700);
        Trees.oldTimes(root, Instant.parse(age.equals("old") ? "2001-01-01T00:00:00Z" : "2011-01-01T00:00:00Z"));
        return snapshot(root);
    }
}
