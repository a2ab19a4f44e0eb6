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

        assertEquals("Configuration org.homeautomation.backup.agent.local.default is no longer read since 1.1. To"
                + " move, rename or switch off the default local agent, edit or delete"
                + " org.homeautomation.backup.agent.local-default.cfg in etc (Felix:"
                + " org.homeautomation.backup.agent.local-default.config in load), then delete"
                + " file:/opt/karaf/etc/org.homeautomation.backup.agent.local.default.cfg. Its settings, now without"
                + " effect: {directory=/srv/backups, enabled=false}", message);
    }

    @Test
    void aConfigurationMadeThroughConfigAdminIsNamedByItsPid() {
        String message = ObsoleteDefaultAgentConfiguration.message(Map.of("id", "local"));

        assertTrue(message.endsWith(", then delete configuration org.homeautomation.backup.agent.local.default. Its"
                + " settings, now without effect: {id=local}"), message);
    }
}
