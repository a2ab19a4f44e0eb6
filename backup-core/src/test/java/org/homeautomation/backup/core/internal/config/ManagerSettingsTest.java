package org.homeautomation.backup.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.junit.jupiter.api.Test;

class ManagerSettingsTest {
    private static final Path DATA_AREA = Path.of("/felix-cache/bundle7/data");

    @Test
    void insideKarafTheRuntimeFoldersAreBackedUpWithoutCachesAndBackups() {
        Map<String, String> props = Map.of("karaf.etc", "/opt/karaf/etc", "karaf.data", "/opt/karaf/data");
        ManagerSettings s = ManagerSettings.from(new Config(), props::get, DATA_AREA);
        assertEquals(Map.of("etc", Path.of("/opt/karaf/etc"), "data", Path.of("/opt/karaf/data")), s.sources());
        assertTrue(s.excludes().containsAll(List.of("data/cache", "data/log", "data/tmp", "data/backups")));
        assertEquals(Path.of("/opt/karaf/data/backup/staging"), s.stagingDirectory());
    }

    @Test
    void outsideKarafNothingIsBackedUpByDefaultAndStagingIsTheDataArea() {
        ManagerSettings s = ManagerSettings.from(new Config(), k -> null, DATA_AREA);
        assertTrue(s.sources().isEmpty());
        assertTrue(s.excludes().isEmpty());
        assertEquals(DATA_AREA.resolve("staging"), s.stagingDirectory());
        assertEquals(3, s.compressionLevel());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.compressionWorkers());
        assertEquals(UnreadableFilePolicy.FAIL, s.unreadableFiles());
    }

    @Test
    void configuredSourcesKeepTheirOrder() {
        Config c = new Config();
        c.sources = new String[] { "zz=/srv/z", "aa=/srv/a", "mm = /srv/m/../m2" };
        ManagerSettings s = ManagerSettings.from(c, k -> null, DATA_AREA);
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(s.sources().keySet()));
        assertEquals(Path.of("/srv/m2"), s.sources().get("mm"));
    }

    @Test
    void invalidValuesAreRefusedWithTheKeyNamed() {
        Config c = new Config();
        c.sources = new String[] { "etc" };
        assertMessage(c, "name=/absolute/path");
        c.sources = new String[] { "Etc=/x" };
        assertMessage(c, "Source name 'Etc'");
        c.sources = new String[] { "etc=relative/path" };
        assertMessage(c, "absolute");
        c.sources = new String[] { "etc=/a", "etc=/b" };
        assertMessage(c, "twice");
        c = new Config();
        c.level = 42;
        assertMessage(c, "compressionLevel");
        c = new Config();
        c.policy = "ignore";
        assertMessage(c, "unreadableFiles");
        c = new Config();
        c.unprotectedAgents = new String[] { "Not An Id" };
        assertMessage(c, "unprotectedAgents");
    }

    private static void assertMessage(Config c, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagerSettings.from(c, k -> null, DATA_AREA));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** The configuration as ConfigAdmin and SCR would give it, with the annotation's defaults. */
    private static final class Config implements BackupConfiguration {
        String[] sources = {};
        int level = 3;
        String policy = "fail";

        String[] unprotectedAgents = {};

        @Override
        public String[] unprotectedAgents() {
            return unprotectedAgents;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return BackupConfiguration.class;
        }

        @Override
        public String[] sources() {
            return sources;
        }

        @Override
        public String[] excludes() {
            return new String[0];
        }

        @Override
        public String stagingDirectory() {
            return "";
        }

        @Override
        public int compressionLevel() {
            return level;
        }

        @Override
        public int compressionWorkers() {
            return 0;
        }

        @Override
        public long participantTimeoutSeconds() {
            return 300;
        }

        @Override
        public String unreadableFiles() {
            return policy;
        }
    }
}
