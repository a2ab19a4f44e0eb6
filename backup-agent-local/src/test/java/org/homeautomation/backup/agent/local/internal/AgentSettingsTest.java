package org.homeautomation.backup.agent.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class AgentSettingsTest {
    private static final String PID = "org.homeautomation.backup.agent.local";

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

    private static final String FACTORY_PID = PID + "~usb";
    private static final String ID_RULE = "allowed: 1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting with a"
            + " letter or digit, unique in this runtime, such as \"usb\"";
    private static final String DIRECTORY_RULE = "allowed: the absolute path of the folder for backups, such as"
            + " \"/media/usb/backups\"";

    @Test
    void aConfiguredAgentNeedsAValidId() {
        assertMessage("Configuration " + FACTORY_PID + ": 'id' is missing; " + ID_RULE,
                () -> AgentSettings.configured(FACTORY_PID, null, "", "/mnt/usb", false));
        assertMessage("Configuration " + FACTORY_PID + ": 'id' = \"my agent\" is not allowed; " + ID_RULE,
                () -> AgentSettings.configured(FACTORY_PID, "my agent", "", "/mnt/usb", false));
        assertMessage("Configuration " + FACTORY_PID + ": 'id' = \"a/b\" is not allowed; " + ID_RULE,
                () -> AgentSettings.configured(FACTORY_PID, "a/b", "", "/mnt/usb", false));
    }

    @Test
    void aConfiguredAgentNeedsAnAbsoluteFolder() {
        assertMessage("Configuration " + FACTORY_PID + ": 'directory' is missing; " + DIRECTORY_RULE,
                () -> AgentSettings.configured(FACTORY_PID, "usb", "", " ", false));
        assertMessage("Configuration " + FACTORY_PID + ": 'directory' is missing; " + DIRECTORY_RULE,
                () -> AgentSettings.configured(FACTORY_PID, "usb", "", null, false));
        assertMessage("Configuration " + FACTORY_PID + ": 'directory' = \"relative/path\" is a relative path; "
                + DIRECTORY_RULE, () -> AgentSettings.configured(FACTORY_PID, "usb", "", "relative/path", false));
    }

    @Test
    void everyWrongKeyIsNamedInOneMessage() {
        assertMessage("Configuration " + FACTORY_PID + ": 'id' = \"my agent\" is not allowed; " + ID_RULE
                + "; 'directory' = \"backups\" is a relative path; " + DIRECTORY_RULE,
                () -> AgentSettings.configured(FACTORY_PID, "my agent", "", "backups", false));
    }

    @Test
    void aConfigurationIsListedUnderItsIdOrElseANameMadeFromItsPid() {
        assertEquals("nas", AgentSettings.listedId(PID + "~usb", PID, " nas "));
        assertEquals("local-usb", AgentSettings.listedId(PID + "~usb", PID, "my agent"));
        assertEquals("local-my-usb-drive", AgentSettings.listedId(PID + "~My USB/drive", PID, null));
        assertEquals("local-5c1e3d2a-8f6b-4c1e-9a7e-1f2e3d4c5b6a",
                AgentSettings.listedId(PID + ".5c1e3d2a-8f6b-4c1e-9a7e-1f2e3d4c5b6a", PID, "a/b"));
        String longName = AgentSettings.listedId(PID + "~" + "x".repeat(100), PID, "");
        assertEquals(64, longName.length());
        assertTrue(org.homeautomation.backup.api.Identifiers.isValidAgentId(longName), longName);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
