package org.homeautomation.backup.core.internal.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which {@code content/path} entries globs choose. */
class PathSelectionTest {

    @ParameterizedTest(name = "{0} chooses {1}: {2}")
    @CsvSource({
        "etc/*.cfg, etc/org.foo.cfg, true",
        "etc/*.cfg, etc/org.foo.cfg.bak, false",
        "etc/*.cfg, etc/sub/org.foo.cfg, false",
        "etc/*.cfg, etc, false",
        "etc/org.?oo.cfg, etc/org.foo.cfg, true",
        "etc/org.?oo.cfg, etc/org.fooo.cfg, false",
        "etc/?, etc/a/b, true",
        "data/jsondb/**, data/jsondb, true",
        "data/jsondb/**, data/jsondb/items.json, true",
        "data/jsondb/**, data/jsondb/backup/x/y.json, true",
        "data/jsondb/**, data/jsondb2/items.json, false",
        "**/*.json, data/jsondb/items.json, true",
        "**/*.json, data/items.json, true",
        "**/*.json, data/items.jsonx, false",
        "data/**/items.json, data/items.json, true",
        "data/**/items.json, data/a/b/items.json, true",
        "data/**/items.json, data/a/b/other.json, false",
        // a chosen folder chooses everything in it
        "data/jsondb, data/jsondb/items.json, true",
        "data/jsondb, data/jsondb, true",
        "data/jsondb, data/jsondb2, false",
        "data/jsondb, data, false",
        "etc, etc, true",
        "etc, etc/a/b/c, true",
        "./etc//a/, etc/a/b, true",
        "*, etc/a, true",
        "**, etc, true",
        // globs are literal but for * and ?
        "etc/a.b, etc/aXb, false",
        "etc/[ab], etc/a, false",
        "etc/[ab], etc/[ab], true",
    })
    void globsChoosePaths(String glob, String fullPath, boolean chosen) {
        String[] split = split(fullPath);
        assertEquals(chosen, PathSelection.of(List.of(glob)).chooses(split[0], split[1]));
    }

    /** @return content and path of {@code content/path} */
    private static String[] split(String fullPath) {
        int slash = fullPath.indexOf('/');
        return slash < 0 ? new String[] { fullPath, "" }
                : new String[] { fullPath.substring(0, slash), fullPath.substring(slash + 1) };
    }

    @Test
    void noGlobsChooseEverythingAndSeveralGlobsChooseWhatAnyChooses() {
        assertTrue(PathSelection.of(List.of()).chooses("etc", "anything/at/all"));
        assertTrue(PathSelection.of(List.of()).everything());
        PathSelection two = PathSelection.of(List.of("etc/a.cfg", "data/**"));
        assertTrue(two.chooses("etc", "a.cfg"));
        assertTrue(two.chooses("data", "x/y"));
        assertFalse(two.chooses("etc", "b.cfg"));
    }

    @Test
    void contentsNoGlobCanReachAreSkipped() {
        PathSelection s = PathSelection.of(List.of("etc/*.cfg", "d?ta/x"));
        assertTrue(s.mayChooseIn("etc"));
        assertTrue(s.mayChooseIn("data"));
        assertFalse(s.mayChooseIn("logs"));
        assertTrue(PathSelection.of(List.of("**/x")).mayChooseIn("logs"));
    }

    @ParameterizedTest(name = "{0} keeps {1} whole: {2}")
    @CsvSource({
        "etc/a.cfg, etc/b.cfg, true",
        "etc/a.cfg, etc/a.cfg, false",
        "etc/a.cfg, etc, false",
        "etc/sub/a.cfg, etc/sub, false",
        "etc/sub/a.cfg, etc/other, true",
        "data/jsondb/**, data/jsondb/x/y, false",
        "data/jsondb/**, data/cache, true",
        "**/*.json, data/cache, false",
        "etc/*.cfg, etc/sub, true",
        "etc/*.cfg, etc/sub.cfg, false",
        "etc/*.cfg, etc/a.txt, true",
    })
    void aLivePathStaysWholeWhenNothingAtOrBelowItIsChosen(String glob, String fullPath, boolean kept) {
        String[] split = split(fullPath);
        assertEquals(kept, PathSelection.of(List.of(glob)).keepsWhole(split[0], split[1]));
    }

    @Test
    void globsThatLeaveTheBackupOrNameNothingAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PathSelection.of(List.of("etc/../x")));
        assertThrows(IllegalArgumentException.class, () -> PathSelection.of(List.of("./")));
    }
}
