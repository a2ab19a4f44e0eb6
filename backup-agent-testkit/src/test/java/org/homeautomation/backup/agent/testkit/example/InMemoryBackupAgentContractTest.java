package org.homeautomation.backup.agent.testkit.example;

import java.nio.file.Path;
import java.util.Optional;

import org.homeautomation.backup.agent.testkit.BackupAgentContractTest;
import org.homeautomation.backup.agent.testkit.Outage;

/**
 * Runs the whole contract suite against {@link InMemoryBackupAgent}: all an agent's test needs.
 */
class InMemoryBackupAgentContractTest extends BackupAgentContractTest<InMemoryBackupAgent> {

    @Override
    protected InMemoryBackupAgent createAgent(Path workDir) {
        return new InMemoryBackupAgent("memory", "In memory");
    }

    @Override
    protected Optional<Outage> outage(InMemoryBackupAgent agent, Path workDir) {
        return Optional.of(Outage.of(() -> agent.setReachable(false), () -> agent.setReachable(true)));
    }

    /** Smaller than the default: this agent keeps every byte on the heap. */
    @Override
    protected long largeUploadSize() {
        return 16 * MIB;
    }
}
