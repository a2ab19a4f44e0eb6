package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class UnavailableAgentTest {
    private static final String REASON = "Configuration org.example.nas~home: 'url' is missing; add url = https://...";

    @Test
    void everyCallThrowsAgentUnavailableWithTheReason() {
        UnavailableAgent agent = UnavailableAgent.of("nas-home", "NAS (invalid configuration)", REASON);

        assertEquals("nas-home", agent.id());
        assertEquals("NAS (invalid configuration)", agent.name());
        assertEquals(REASON, agent.reason());
        for (Executable call : List.<Executable>of(agent::list, () -> agent.get("b1"), () -> agent.download("b1"),
                () -> agent.delete("b1"), () -> agent.upload(null, null, null))) {
            assertEquals(REASON, assertThrows(AgentUnavailableException.class, call).getMessage());
        }
    }

    @Test
    void refusesAnIdThatNoAgentMayHaveAndMissingParts() {
        assertThrows(IllegalArgumentException.class, () -> UnavailableAgent.of("my agent", "NAS", REASON));
        assertEquals("name", assertThrows(NullPointerException.class,
                () -> UnavailableAgent.of("nas", null, REASON)).getMessage());
        assertEquals("reason", assertThrows(NullPointerException.class,
                () -> UnavailableAgent.of("nas", "NAS", null)).getMessage());
    }
}
