package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two live folders whose old trees hold paths a restore keeps (a runtime's cache and log, a temporary folder), and
 * staging folders with new trees that hold their own versions of some of those paths, which must never win. Knows
 * what each live folder must be after a rollback (the old tree, kept paths in place, the very same files) and after a
 * commit (the new tree without its own versions of kept paths, with the old kept paths carried in).
 *
 * <p>Moving a kept path in or out of a folder changes that folder's modification time, which is not a change of the
 * tree; so the times of the folders above kept paths are not compared.
 */
final class KeptTrees {
    static final List<String> DATA_KEPT = List.of("cache", "logs/app.log");
    static final List<String> ETC_KEPT = List.of("tmp");

    final Path parent;
    final List<FolderSwap> swaps;
    private final Map<Path, Map<String, String>> oldTrees = new LinkedHashMap<>();
    private final Map<Path, Map<String, String>> newTrees = new LinkedHashMap<>();
    private final Map<Path, Object> keptInodes = new LinkedHashMap<>();

    KeptTrees(Path parent, int files) throws IOException {
        this.parent = parent;
        Path data = parent.resolve("data");
        Path etc = parent.resolve("etc");
        Path dataStaging = parent.resolve(".data.restore-kept");
        Path etcStaging = parent.resolve(".etc.restore-kept");

        many(data, "old", files);
        Trees.file(data, "jsondb/items.json", "{\"old\": true}");
        Trees.file(data, "cache/blob.bin", "live cache");
        Trees.file(data, "cache/sub/deep.bin", "live cache, deeper");
        Trees.file(data, "logs/app.log", "live log line\n");
        Trees.file(data, "logs/other.log", "not kept: replaced by the backup's logs folder");
        Trees.oldTimes(data, Instant.parse("2001-01-01T00:00:00Z"));
        many(dataStaging, "new", files + 7);
        Trees.file(dataStaging, "jsondb/items.json", "{\"new\": true}");
        Trees.file(dataStaging, "cache/blob.bin", "the backup's cache, which must never win");
        Trees.file(dataStaging, "logs/archived.log", "from the backup");
        Trees.oldTimes(dataStaging, Instant.parse("2011-01-01T00:00:00Z"));

        Trees.file(etc, "etc.cfg", "old");
        Trees.file(etc, "tmp/work.tmp", "live temporary file");
        Trees.oldTimes(etc, Instant.parse("2002-01-01T00:00:00Z"));
        Trees.file(etcStaging, "etc.cfg", "new");
        Trees.oldTimes(etcStaging, Instant.parse("2012-01-01T00:00:00Z"));

        swaps = List.of(new FolderSwap(data, dataStaging, DATA_KEPT), new FolderSwap(etc, etcStaging, ETC_KEPT));
        for (FolderSwap swap : swaps) {
            Map<String, String> old = snapshot(swap.live(), swap.kept());
            Map<String, String> restored = snapshot(swap.staging(), swap.kept());
            oldTrees.put(swap.live(), old);
            Map<String, String> expected = new LinkedHashMap<>(restored);
            expected.keySet().removeIf(k -> under(k, swap.kept()));
            old.forEach((k, v) -> {
                if (under(k, swap.kept())) {
                    expected.put(k, v);
                }
            });
            newTrees.put(swap.live(), new java.util.TreeMap<>(expected));
            for (String k : swap.kept()) {
                keptInodes.put(swap.live().resolve(k), inode(swap.live().resolve(k)));
            }
        }
    }

    /** Asserts that every live folder is its old tree, kept paths included, and nothing else is left. */
    void assertOld() throws IOException {
        assertTrees(oldTrees, "old");
    }

    /** Asserts that every live folder is its new tree with the old kept paths, and nothing else is left. */
    void assertNew() throws IOException {
        assertTrees(newTrees, "new");
    }

    private void assertTrees(Map<Path, Map<String, String>> expected, String which) throws IOException {
        for (FolderSwap swap : swaps) {
            assertEquals(expected.get(swap.live()), snapshot(swap.live(), swap.kept()), swap.live() + " must be"
                    + " entirely the " + which + " tree, with the kept paths of the old one");
        }
        for (Map.Entry<Path, Object> e : keptInodes.entrySet()) {
            assertEquals(e.getValue(), inode(e.getKey()), e.getKey() + " is the very same file or folder");
        }
        try (Stream<Path> names = Files.list(parent)) {
            assertEquals(List.of("data", "etc"), names.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging or rollback folder is left");
        }
    }

    /** Types, data, modes and times; without the times of the folder itself and of the folders above kept paths. */
    static Map<String, String> snapshot(Path folder, List<String> kept) throws IOException {
        Map<String, String> s = Trees.snapshot(folder, Trees.Detail.MODE, Trees.Detail.MTIME);
        for (String k : kept) {
            for (Path p = Path.of(k).getParent(); ; p = p.getParent()) {
                String key = p == null ? "" : p.toString();
                if (s.containsKey(key)) {
                    s.put(key, s.get(key).replaceAll(" mtime=\\d+", ""));
                }
                if (p == null) {
                    break;
                }
            }
        }
        return s;
    }

    private static boolean under(String path, List<String> kept) {
        return kept.stream().anyMatch(k -> path.equals(k) || path.startsWith(k + "/"));
    }

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    private static void many(Path root, String age, int files) throws IOException {
        for (int f = 0; f < files; f++) {
            Trees.file(root, "d" + (f % 5) + "/" + age + "-" + f + ".txt", age + " file " + f + "\n");
        }
    }
}
