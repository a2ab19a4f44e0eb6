package org.homeautomation.backup.agent.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.UnavailableAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentServicePropertiesTest {
    private static final String PID = LocalAgentComponent.PID + "~usb";
    /** What DS publishes of them: all keys not starting with '.'. */
    private static final Set<String> PUBLISHED = Set.of("agent.id", "agent.directory", "service.description");

    @TempDir
    Path tmp;

    @Test
    void aValidConfigurationPublishesOnlyIdFolderAndDescription() {
        Path folder = tmp.resolve("usb");
        Map<String, Object> properties = AgentServiceProperties.forConfiguration(PID, " usb ", "USB drive",
                folder + "/./", true);

        assertEquals(PUBLISHED, published(properties));
        assertEquals("usb", properties.get("agent.id"));
        assertEquals(folder.toString(), properties.get("agent.directory"));
        assertEquals("Backups in local folder " + folder, properties.get("service.description"));
    }

    @Test
    void theAgentMadeFromThePropertiesIsTheConfiguredOne() {
        Path folder = tmp.resolve("usb");
        BackupAgent agent = AgentServiceProperties.agent(
                AgentServiceProperties.forConfiguration(PID, "usb", "USB drive", folder.toString(), true));

        LocalBackupAgent local = assertInstanceOf(LocalBackupAgent.class, agent);
        assertEquals("usb", local.id());
        assertEquals("USB drive", local.name());
        assertEquals(folder, local.directory());
        assertTrue(Files.isDirectory(folder), "createFolder=true creates the folder");
    }

    @Test
    void aFolderThatMustNotBeCreatedIsNotCreated() throws Exception {
        Path folder = tmp.resolve("unmounted");
        BackupAgent agent = AgentServiceProperties.agent(
                AgentServiceProperties.forConfiguration(PID, "usb", "", folder.toString(), false));

        assertFalse(Files.exists(folder));
        assertEquals("Local folder " + folder, agent.name());
        assertThrows(AgentUnavailableException.class, agent::list);
    }

    @Test
    void anInvalidConfigurationMakesAnUnavailableAgentThatSaysWhatToFix() {
        Map<String, Object> properties = AgentServiceProperties.forConfiguration(PID, "my agent", "", "relative",
                false);

        assertEquals(Set.of("agent.id", "service.description"), published(properties),
                "no folder is published for an invalid configuration");
        assertEquals("local-usb", properties.get("agent.id"));
        BackupAgent agent = AgentServiceProperties.agent(properties);
        assertInstanceOf(UnavailableAgent.class, agent);
        assertEquals("local-usb", agent.id());
        assertEquals("Local folder (invalid configuration)", agent.name());
        String reason = assertThrows(AgentUnavailableException.class, agent::list).getMessage();
        assertTrue(reason.startsWith("Configuration " + PID + ": 'id' = \"my agent\" is not allowed"), reason);
        assertTrue(reason.contains("'directory' = \"relative\" is a relative path"), reason);
        assertTrue(reason.endsWith("The agent is listed as 'local-usb' and unavailable until the configuration is"
                + " fixed."), reason);
    }

    @Test
    void anInvalidConfigurationKeepsAValidIdAndName() {
        BackupAgent agent = AgentServiceProperties.agent(
                AgentServiceProperties.forConfiguration(PID, "usb", "USB drive", null, false));

        assertEquals("usb", agent.id());
        assertEquals("USB drive", agent.name());
        assertThrows(AgentUnavailableException.class, agent::list);
    }

    private static Set<String> published(Map<String, Object> properties) {
        Set<String> published = new TreeSet<>(properties.keySet());
        published.removeIf(key -> key.startsWith("."));
        return published;
    }
}
