package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.junit.jupiter.api.Test;

/** The stand-in of an invalid configuration: its id, and that every call says what to fix. */
class MisconfiguredS3AgentTest {
    private static final String REASON = "Configuration org.homeautomation.backup.agent.s3~aws: 'partSizeMiB' is 3;"
            + " it must be between 5 and 1024";

    @Test
    void keepsAValidConfiguredId() {
        assertEquals("aws", MisconfiguredS3Agent.idFor(" aws ", "org.homeautomation.backup.agent.s3~aws"));
    }

    @Test
    void namesAnAgentWithoutAValidIdAfterItsConfiguration() {
        // Karaf's File Install names the configuration of etc/org.homeautomation.backup.agent.s3-nas.cfg so.
        assertEquals("s3-config-nas",
                MisconfiguredS3Agent.idFor("Not An Id!", "org.homeautomation.backup.agent.s3~nas"));
        assertEquals("s3-config-nas-box", MisconfiguredS3Agent.idFor(null, "org.homeautomation.backup.agent.s3~NAS box"));
        // Config Admin's own factory pids end in a UUID.
        assertEquals("s3-config-6b13c258-f78d-43e3-aed3-4fbd054ac759", MisconfiguredS3Agent.idFor("",
                "org.homeautomation.backup.agent.s3.6b13c258-f78d-43e3-aed3-4fbd054ac759"));
    }

    @Test
    void everyCallThrowsTheReasonAsUnavailable() {
        MisconfiguredS3Agent agent = new MisconfiguredS3Agent("aws", "org.homeautomation.backup.agent.s3~aws", REASON);
        assertEquals(REASON, assertThrows(AgentUnavailableException.class, agent::list).getMessage());
        assertEquals(REASON, assertThrows(AgentUnavailableException.class, () -> agent.get("b1")).getMessage());
        assertEquals(REASON, assertThrows(AgentUnavailableException.class, () -> agent.download("b1")).getMessage());
        assertEquals(REASON, assertThrows(AgentUnavailableException.class, () -> agent.delete("b1")).getMessage());
        assertEquals(REASON, assertThrows(AgentUnavailableException.class, () -> agent.upload(null, null, null))
                .getMessage());
    }
}
