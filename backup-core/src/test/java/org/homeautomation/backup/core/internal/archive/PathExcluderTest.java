package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathExcluderTest {
    private static final Path ANYWHERE = Path.of("/nowhere/in/particular");

    @TempDir
    Path temp;

    @Test
    void globsMatchContentNameSlashRelativePath() {
        PathExcluder e = PathExcluder.of(List.of("userdata/cache", "**/*.log", "etc/tmp/*"), List.of());
        assertTrue(e.excludes("userdata", "cache", ANYWHERE));
        assertFalse(e.excludes("userdata", "cache2", ANYWHERE));
        assertFalse(e.excludes("userdata", "x/cache", ANYWHERE));
        assertFalse(e.excludes("etc", "cache", ANYWHERE), "the content name is part of the path");
        assertTrue(e.excludes("userdata", "logs/openhab.log", ANYWHERE));
        assertTrue(e.excludes("etc", "a.log", ANYWHERE));
        assertFalse(e.excludes("etc", "a.log.gz", ANYWHERE));
        assertTrue(e.excludes("etc", "tmp/x", ANYWHERE));
        assertFalse(e.excludes("etc", "tmp", ANYWHERE));
    }

    @Test
    void absoluteExcludesCoverThePathAndEverythingBelowIt() {
        PathExcluder e = PathExcluder.none().excludeAbsolute(Path.of("/var/backup/staging"));
        assertTrue(e.excludes("c", "staging", Path.of("/var/backup/staging")));
        assertTrue(e.excludes("c", "staging/x/y", Path.of("/var/backup/staging/x/y")));
        assertFalse(e.excludes("c", "staging2", Path.of("/var/backup/staging2")));
        assertFalse(PathExcluder.none().excludes("c", "staging", Path.of("/var/backup/staging")));
    }

    @Test
    void anAbsoluteExcludeGivenThroughASymbolicLinkMatchesTheRealPath() throws Exception {
        Path real = Files.createDirectories(temp.resolve("real/staging"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), temp.resolve("real"));
        PathExcluder e = PathExcluder.of(List.of(), List.of(link.resolve("staging")));
        assertTrue(e.excludes("c", "staging", real.toRealPath()));
    }

    @Test
    void badPatternsAreRejectedByName() {
        IllegalArgumentException glob = assertThrows(IllegalArgumentException.class,
                () -> PathExcluder.of(List.of("etc/[abc"), List.of()));
        assertTrue(glob.getMessage().startsWith("Malformed exclude pattern \"etc/[abc\""), glob.getMessage());
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> PathExcluder.none().excludeAbsolute(Path.of("relative/path")));
        assertEquals("An absolute exclude must be an absolute path, was relative/path", relative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PathExcluder.of(List.of(" "), List.of()));
    }
}
