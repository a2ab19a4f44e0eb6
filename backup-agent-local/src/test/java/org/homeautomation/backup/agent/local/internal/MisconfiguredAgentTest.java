package org.homeautomation.backup.agent.local.internal;

import static org.homeautomation.backup.agent.local.internal.TestArchives.metadata;
import static org.homeautomation.backup.agent.local.internal.TestArchives.streamOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.agent.local.internal.TestArchives.RecordedProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MisconfiguredAgentTest {
    private static final String REASON = "Configuration org.homeautomation.backup.agent.local~usb: 'id' = \"my agent\""
            + " is not allowed";

    @Test
    void everyCallReportsTheConfigurationProblem() {
        MisconfiguredAgent agent = new MisconfiguredAgent("local-usb", "USB drive", REASON);
        byte[] content = new byte[10];

        assertEquals("local-usb", agent.id());
        assertEquals("USB drive", agent.name());
        for (Executable call : List.<Executable>of(agent::list, () -> agent.get("b1"), () -> agent.download("b1"),
                () -> agent.delete("b1"),
                () -> agent.upload(streamOnly(content), metadata("b1", content), new RecordedProgress()))) {
            assertEquals(REASON, assertThrows(AgentUnavailableException.class, call).getMessage());
        }
    }
}
