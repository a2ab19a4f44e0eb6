package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The id under which an invalid configuration is listed. */
class ListedIdTest {
    @Test
    void keepsAValidConfiguredId() {
        assertEquals("aws", S3AgentSettings.listedId(" aws ", "org.homeautomation.backup.agent.s3~aws"));
    }

    @Test
    void namesAnAgentWithoutAValidIdAfterItsConfiguration() {
        // Karaf's File Install names the configuration of etc/org.homeautomation.backup.agent.s3-nas.cfg so.
        assertEquals("s3-config-nas",
                S3AgentSettings.listedId("Not An Id!", "org.homeautomation.backup.agent.s3~nas"));
        assertEquals("s3-config-nas-box", S3AgentSettings.listedId(null, "org.homeautomation.backup.agent.s3~NAS box"));
        // Config Admin's own factory pids end in a UUID.
        assertEquals("s3-config-6b13c258-f78d-43e3-aed3-4fbd054ac759", S3AgentSettings.listedId("",
                "org.homeautomation.backup.agent.s3.6b13c258-f78d-43e3-aed3-4fbd054ac759"));
    }
}
