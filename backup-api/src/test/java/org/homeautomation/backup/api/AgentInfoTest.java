package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AgentInfoTest {
    @Test
    void holdsWhatItWasGiven() {
        AgentInfo info = AgentInfo.of("local", "Local folder", "org.homeautomation.backup.agent.local");

        assertEquals("local", info.id());
        assertEquals("Local folder", info.name());
        assertEquals("org.homeautomation.backup.agent.local", info.bundleSymbolicName());
        assertEquals("local (Local folder, org.homeautomation.backup.agent.local)", info.toString());
    }

    @Test
    void aMissingPartIsRefusedByName() {
        assertEquals("id", assertThrows(NullPointerException.class, () -> AgentInfo.of(null, "n", "b")).getMessage());
        assertEquals("name",
                assertThrows(NullPointerException.class, () -> AgentInfo.of("i", null, "b")).getMessage());
        assertEquals("bundleSymbolicName",
                assertThrows(NullPointerException.class, () -> AgentInfo.of("i", "n", null)).getMessage());
    }
}
