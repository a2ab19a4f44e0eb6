package org.homeautomation.backup.core.internal.create;

import java.nio.file.Path;
import java.util.Optional;

import org.homeautomation.backup.agent.testkit.BackupAgentContractTest;
import org.homeautomation.backup.agent.testkit.Outage;

/**
 * Holds the core tests' in-memory agent to the agent contract, so that what the core tests learn from it is what a
 * real agent does. Only its storing behaviour: the misbehaving uploads it can be given are the point of the tests
 * that use them.
 */
class TestAgentContractTest extends BackupAgentContractTest<TestAgent> {
    @Override
    protected TestAgent createAgent(Path workDir) {
        return new TestAgent("memory", null);
    }

    @Override
    protected Optional<Outage> outage(TestAgent agent, Path workDir) {
        return Optional.of(Outage.of(() -> agent.setReachable(false), () -> agent.setReachable(true)));
    }

    /** Smaller than the default: this agent keeps every byte on the heap. */
    @Override
    protected long largeUploadSize() {
        return 16 * MIB;
    }
}
