package org.homeautomation.backup.agent.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ObsoleteDefaultAgentConfigurationTest {
    @Test
    void theWarningNamesTheOldFileItsSettingsAndTheFileToEditInstead() {
        String message = ObsoleteDefaultAgentConfiguration.message(Map.of("enabled", false,
                "directory", "/srv/backups", "service.pid", ObsoleteDefaultAgentConfiguration.PID,
                "felix.fileinstall.filename", "file:/opt/karaf/etc/org.homeautomation.backup.agent.local.default.cfg"));

        assertEquals("Configuration org.homeautomation.backup.agent.local.default"
                + " (file:/opt/karaf/etc/org.homeautomation.backup.agent.local.default.cfg) is no longer read; its"
                + " settings {directory=/srv/backups, enabled=false} have no effect. Since version 1.1 the default"
                + " local agent 'local' is the factory configuration org.homeautomation.backup.agent.local~default:"
                + " to move, rename or switch it off, edit or delete org.homeautomation.backup.agent.local-default.cfg"
                + " in Karaf's etc folder (org.homeautomation.backup.agent.local-default.config in the Felix runtime's"
                + " load folder), with keys id, name, directory and createFolder; then delete configuration"
                + " org.homeautomation.backup.agent.local.default.", message);
    }

    @Test
    void aConfigurationMadeThroughConfigAdminIsNamedByItsPid() {
        String message = ObsoleteDefaultAgentConfiguration.message(Map.of("id", "local"));

        assertTrue(message.startsWith("Configuration org.homeautomation.backup.agent.local.default is no longer read;"
                + " its settings {id=local} have no effect."), message);
    }
}
