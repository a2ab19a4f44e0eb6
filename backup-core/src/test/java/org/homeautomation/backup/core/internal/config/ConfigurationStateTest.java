package org.homeautomation.backup.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.BackupException;
import org.junit.jupiter.api.Test;

/** Bugs 13 and 14: an invalid configuration is named, refuses new backups only, and a fixed one is taken up. */
class ConfigurationStateTest {
    private static final Map<String, String> KARAF = Map.of("karaf.etc", "/opt/karaf/etc", "karaf.data",
            "/opt/karaf/data");
    private final ConfigurationState state = new ConfigurationState(KARAF::get, Path.of("/felix-cache/bundle7/data"));

    @Test
    void anInvalidConfigurationAtStartLeavesTheDefaultsAndRefusesNewBackupsNamingKeyAndValue() {
        state.apply(Map.of("service.pid", BackupConfiguration.PID, "compressionLevel", "abc"));

        assertEquals(3, state.settings().compressionLevel());
        assertEquals(List.of("etc", "data"), List.copyOf(state.settings().sources().keySet()));
        BackupException e = assertThrows(BackupException.class, state::forNewBackup);
        assertEquals("The configuration org.homeautomation.backup is invalid: compressionLevel = 'abc': must be a"
                + " whole number from 1 to 19. Fix it (in Karaf, in etc/org.homeautomation.backup.cfg) and try"
                + " again.", e.getMessage());
    }

    @Test
    void anInvalidChangeKeepsTheLastValidConfigurationAndAFixIsTakenUp() throws BackupException {
        state.apply(Map.of("compressionLevel", "9", "sources", "[ \"extra=/srv/x\" ]"));
        state.apply(Map.of("compressionLevel", "abc", "sources", "[ \"extra=/srv/x\" ]"));
        assertEquals(9, state.settings().compressionLevel(), "the last valid configuration stays in force");
        assertTrue(state.problem().orElseThrow().contains("compressionLevel = 'abc'"));

        state.apply(Map.of("compressionLevel", "5", "sources", "[ \"extra=/srv/x\" ]"));
        assertEquals(5, state.forNewBackup().compressionLevel());
        assertEquals(Map.of("extra", Path.of("/srv/x")), state.forNewBackup().sources());
        assertTrue(state.problem().isEmpty());
    }

    @Test
    void agentFoldersAndStagingAreAlwaysLeftOutWhileTheAgentIsThere() {
        state.apply(Map.of("sources", new String[] { "extra=/srv/x" }));
        state.agentAdded(41, "/srv/x/backups/");
        state.agentAdded(42, null);
        state.agentAdded(43, "relative");
        assertEquals(List.of(Path.of("/opt/karaf/data/backup/staging"), Path.of("/srv/x/backups")),
                state.settings().alwaysExcluded());
        state.agentRemoved(41);
        assertEquals(List.of(Path.of("/opt/karaf/data/backup/staging")), state.settings().alwaysExcluded());
    }
}
