package org.homeautomation.backup.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.junit.jupiter.api.Test;

class ManagerSettingsTest {
    private static final Path DATA_AREA = Path.of("/felix-cache/bundle7/data");
    private static final Map<String, String> KARAF = Map.of("karaf.etc", "/opt/karaf/etc", "karaf.data",
            "/opt/karaf/data");
    private static final List<String> DATA_DEFAULTS = List.of("data/cache", "data/log", "data/tmp", "data/backup",
            "data/backups", "data/generated-bundles", "data/kar", "data/lock", "data/port", "data/pid", "**/*.tmp");

    @Test
    void insideKarafTheRuntimeFoldersAreBackedUpWithoutCachesAndBackups() {
        ManagerSettings s = inKaraf(Map.of());
        assertEquals(Map.of("etc", Path.of("/opt/karaf/etc"), "data", Path.of("/opt/karaf/data")), s.sources());
        assertEquals(DATA_DEFAULTS, s.excludes());
        assertEquals(Path.of("/opt/karaf/data/backup/staging"), s.stagingDirectory());
    }

    @Test
    void outsideKarafNothingIsBackedUpByDefaultAndStagingIsTheDataArea() {
        ManagerSettings s = ManagerSettings.from(Map.of(), k -> null, DATA_AREA);
        assertTrue(s.sources().isEmpty());
        assertTrue(s.excludes().isEmpty());
        assertEquals(DATA_AREA.resolve("staging"), s.stagingDirectory());
        assertEquals(3, s.compressionLevel());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.compressionWorkers());
        assertEquals(UnreadableFilePolicy.FAIL, s.unreadableFiles());
    }

    @Test
    void configuredSourcesKeepTheirOrder() {
        ManagerSettings s = outside(Map.of("sources", new String[] { "zz=/srv/z", "aa=/srv/a", "mm = /srv/m/../m2" }));
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(s.sources().keySet()));
        assertEquals(Path.of("/srv/m2"), s.sources().get("mm"));
    }

    // Bug 3: an added source dropped every default exclude, and backups held Karaf's cache, logs and earlier backups.
    @Test
    void anAddedSourceKeepsTheDefaultExcludesOfTheDataFolder() {
        ManagerSettings s = inKaraf(Map.of("sources",
                new String[] { "etc=/opt/karaf/etc", "data=/opt/karaf/data", "extra=/srv/x" }));
        assertEquals(List.of("etc", "data", "extra"), List.copyOf(s.sources().keySet()));
        assertEquals(DATA_DEFAULTS, s.excludes());
    }

    @Test
    void theDataFolderKeepsItsExcludesUnderAnyNameOrInsideAnotherSource() {
        assertTrue(inKaraf(Map.of("sources", new String[] { "userdata=/opt/karaf/data/" })).excludes()
                .containsAll(List.of("userdata/cache", "userdata/log", "userdata/backups")));
        assertTrue(inKaraf(Map.of("sources", new String[] { "karaf=/opt/karaf" })).excludes()
                .containsAll(List.of("karaf/data/cache", "karaf/data/log", "karaf/data/backups")));
        List<String> elsewhere = inKaraf(Map.of("sources", new String[] { "extra=/srv/x" })).excludes();
        assertEquals(List.of("**/*.tmp"), elsewhere, "no data folder among the sources: only temporary files");
    }

    @Test
    void configuredExcludesAddToTheDefaultsAndABangRemovesOne() {
        ManagerSettings s = inKaraf(Map.of("excludes", new String[] { "etc/secret.cfg", "!data/log", "!**/*.tmp" }));
        assertFalse(s.excludes().contains("data/log"));
        assertFalse(s.excludes().contains("**/*.tmp"));
        assertTrue(s.excludes().containsAll(List.of("data/cache", "data/backups", "etc/secret.cfg")));
    }

    @Test
    void aRemovalThatNamesNoDefaultIsRefusedWithTheDefaults() {
        String message = invalid(KARAF, Map.of("excludes", "!data/logs"));
        assertTrue(message.contains("excludes = '!data/logs': removes no default exclude"), message);
        assertTrue(message.contains("data/log,"), message);
    }

    @Test
    void aNonNumberIsNamedWithItsKeyValueAndWhatIsAllowed() {
        assertEquals("The configuration org.homeautomation.backup is invalid: compressionLevel = 'abc': must be a"
                + " whole number from 1 to 19", invalid(Map.of(), Map.of("compressionLevel", "abc")));
        assertTrue(invalid(Map.of(), Map.of("compressionWorkers", "2.5"))
                .contains("compressionWorkers = '2.5': must be a whole number of 0 or more"));
        assertTrue(invalid(Map.of(), Map.of("participantTimeoutSeconds", Boolean.TRUE))
                .contains("participantTimeoutSeconds = true (Boolean): must be a whole number of 1 or more"));
    }

    @Test
    void numbersOutOfRangeAreNamed() {
        assertTrue(invalid(Map.of(), Map.of("compressionLevel", 42)).contains("compressionLevel = 42 (Integer): must"
                + " be a whole number from 1 to 19"));
        assertTrue(invalid(Map.of(), Map.of("compressionWorkers", "-1")).contains("compressionWorkers = '-1'"));
        assertTrue(invalid(Map.of(), Map.of("participantTimeoutSeconds", 0L))
                .contains("participantTimeoutSeconds = 0 (Long)"));
    }

    @Test
    void numbersComeAsTextFromCfgFilesAndTypedFromMetatype() {
        assertEquals(7, outside(Map.of("compressionLevel", " 7 ")).compressionLevel());
        assertEquals(7, outside(Map.of("compressionLevel", 7)).compressionLevel());
        assertEquals(7, outside(Map.of("compressionLevel", 7L)).compressionLevel());
        assertEquals(4, outside(Map.of("compressionWorkers", "4")).compressionWorkers());
        assertEquals(60, outside(Map.of("participantTimeoutSeconds", "60")).participantTimeout().toSeconds());
        assertEquals(UnreadableFilePolicy.SKIP, outside(Map.of("unreadableFiles", "Skip")).unreadableFiles());
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        Map<String, Object> config = new HashMap<>();
        config.put("compressionLevel", "abc");
        config.put("unreadableFiles", "ignore");
        config.put("unprotectedAgents", new String[] { "nas", "Not An Id" });
        config.put("stagingDirectory", "relative/staging");
        String message = invalid(Map.of(), config);
        for (String expected : List.of("compressionLevel = 'abc'", "unreadableFiles = 'ignore': must be one of fail,"
                + " skip", "unprotectedAgents = 'Not An Id'", "stagingDirectory = 'relative/staging': must be an"
                        + " absolute path")) {
            assertTrue(message.contains(expected), message);
        }
    }

    @Test
    void invalidSourcesAreNamed() {
        assertTrue(invalid(Map.of(), Map.of("sources", new String[] { "etc" }))
                .contains("sources = 'etc': must be name=/absolute/path"));
        assertTrue(invalid(Map.of(), Map.of("sources", new String[] { "Etc=/x" })).contains("sources = 'Etc=/x'"));
        assertTrue(invalid(Map.of(), Map.of("sources", new String[] { "etc=relative/path" }))
                .contains("sources = 'relative/path': must be an absolute path"));
        assertTrue(invalid(Map.of(), Map.of("sources", new String[] { "etc=/a", "etc=/b" })).contains("twice"));
        assertTrue(invalid(Map.of(), Map.of("sources", 17)).contains("sources = 17 (Integer): must be a list"));
    }

    /*
     * File Install reads `sources = [ "a", "b" ]` of a .cfg as a String[] only when every value of the file is in the
     * typed syntax; with one plain value (compressionLevel = 5) the list arrives as one string.
     */
    @Test
    void aListComesAsAnArrayAsTheCfgListSyntaxInOneStringOrCommaSeparated() {
        Map<String, Path> expected = Map.of("etc", Path.of("/opt/karaf/etc"), "extra", Path.of("/srv/x"));
        assertEquals(expected, outside(Map.of("sources", new String[] { "etc=/opt/karaf/etc", "extra=/srv/x" }))
                .sources());
        assertEquals(expected, outside(Map.of("sources", List.of("etc=/opt/karaf/etc", "extra=/srv/x"))).sources());
        assertEquals(expected, outside(Map.of("sources", "[ \"etc=/opt/karaf/etc\", \"extra=/srv/x\" ]")).sources());
        assertEquals(expected, outside(Map.of("sources", "etc=/opt/karaf/etc, extra=/srv/x")).sources());
        assertEquals(List.of("**/*.{tmp,bak}", "etc/a"),
                outside(Map.of("excludes", "**/*.{tmp,bak}, etc/a")).excludes());
        assertEquals(List.of("a \"quoted\", name"),
                outside(Map.of("excludes", "[ \"a \\\"quoted\\\", name\" ]")).excludes());
        assertTrue(invalid(Map.of(), Map.of("sources", "[ \"etc=/opt/karaf/etc\", \"extra=/srv/x ]"))
                .contains("is not a list as [ \"first\", \"second\" ]: a quote is not closed"));
        assertTrue(outside(Map.of("sources", new String[] { "", " " })).sources().isEmpty());
    }

    @Test
    void frameworkKeysAreNotTheManagers() {
        ManagerSettings s = outside(Map.of("service.pid", "org.homeautomation.backup", "component.id", 12L,
                "felix.fileinstall.filename", "file:/opt/karaf/etc/org.homeautomation.backup.cfg"));
        assertEquals(3, s.compressionLevel());
    }

    private static ManagerSettings inKaraf(Map<String, ?> config) {
        return ManagerSettings.from(config, KARAF::get, DATA_AREA);
    }

    private static ManagerSettings outside(Map<String, ?> config) {
        return ManagerSettings.from(config, k -> null, DATA_AREA);
    }

    private static String invalid(Map<String, String> framework, Map<String, ?> config) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ManagerSettings.from(config, framework::get, DATA_AREA));
        assertTrue(e.getMessage().startsWith("The configuration org.homeautomation.backup is invalid: "),
                e.getMessage());
        return e.getMessage();
    }
}
