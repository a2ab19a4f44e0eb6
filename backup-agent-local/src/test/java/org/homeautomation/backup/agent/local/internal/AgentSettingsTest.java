package org.homeautomation.backup.agent.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {
    private static final String PID = "org.homeautomation.backup.agent.local";

    @TempDir
    Path tmp;

    @Test
    void aConfiguredAgentTakesItsValues() {
        AgentSettings settings = AgentSettings.configured(PID, "nas", "NAS in the basement", "/mnt/nas/backups/",
                false);

        assertEquals("nas", settings.id());
        assertEquals("NAS in the basement", settings.name());
        assertEquals(Path.of("/mnt/nas/backups"), settings.directory());
        assertFalse(settings.createFolder());
        assertTrue(AgentSettings.configured(PID, "nas", "", "/mnt/nas/backups", true).createFolder());
    }

    @Test
    void aConfiguredAgentWithoutNameIsNamedAfterItsFolder() {
        assertEquals("Local folder /mnt/usb", AgentSettings.configured(PID, "usb", "", "/mnt/usb", false).name());
        assertEquals("Local folder /mnt/usb", AgentSettings.configured(PID, "usb", null, "/mnt/usb", false).name());
    }

    @Test
    void aConfiguredAgentNeedsAValidId() {
        assertMessage("Configuration " + PID + ": 'id' is missing; set it to an agent id unique in this runtime,"
                + " such as \"nas\"", () -> AgentSettings.configured(PID, null, "", "/mnt/usb", false));
        assertMessage("Configuration " + PID + ", 'id': Invalid agent id \"../usb\": use 1 to 64 characters of a-z,"
                + " 0-9, '.', '-' and '_', starting with a letter or digit",
                () -> AgentSettings.configured(PID, "../usb", "", "/mnt/usb", false));
    }

    @Test
    void aConfiguredAgentNeedsAnAbsoluteFolder() {
        assertMessage("Configuration " + PID + ": 'directory' is missing; set it to the absolute path of the folder"
                + " for backups", () -> AgentSettings.configured(PID, "usb", "", " ", false));
        assertMessage("Configuration " + PID + ": 'directory' \"backups\" must be an absolute path",
                () -> AgentSettings.configured(PID, "usb", "", "backups", false));
    }

    @Test
    void theDefaultAgentUsesTheKarafDataFolder() {
        AgentSettings settings = AgentSettings.defaults(PID, "local", "Local backups", "", "/opt/openhab/userdata",
                () -> fail("the data area is not needed inside Karaf"));

        assertEquals(Path.of("/opt/openhab/userdata/backups"), settings.directory());
        assertEquals("local", settings.id());
        assertEquals("Local backups", settings.name());
    }

    @Test
    void theDefaultAgentUsesTheBundleDataAreaOutsideKaraf() {
        File dataArea = tmp.resolve("bundle42/data/backups").toFile();

        AgentSettings settings = AgentSettings.defaults(PID, "local", "", null, null, () -> dataArea);
        assertTrue(settings.createFolder(), "the runtime's own backups folder is always created");

        assertEquals(dataArea.toPath(), settings.directory());
        assertEquals("Local backups", settings.name());
    }

    @Test
    void aConfiguredFolderWinsOverTheDefaults() {
        AgentSettings settings = AgentSettings.defaults(PID, "local", "Local backups", "/srv/backups", "/karaf/data",
                () -> fail("the data area is not needed"));

        assertEquals(Path.of("/srv/backups"), settings.directory());
    }

    @Test
    void theDefaultAgentWithoutAnyFolderSaysWhatToSet() {
        assertMessage("Configuration " + PID + ": the framework has no persistent data area; set 'directory' to the"
                + " absolute path of a folder for backups",
                () -> AgentSettings.defaults(PID, "local", "", "", null, () -> null));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
