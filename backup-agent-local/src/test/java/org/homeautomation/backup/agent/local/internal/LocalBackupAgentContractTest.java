package org.homeautomation.backup.agent.local.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.homeautomation.backup.agent.testkit.BackupAgentContractTest;
import org.homeautomation.backup.agent.testkit.Outage;

/**
 * The shared agent contract, run against {@link LocalBackupAgent} on the real file system.
 *
 * <p>The outage moves the agent's folder away, as unmounting its drive would: the agent must then refuse every call
 * with AgentUnavailableException and must not re-create the folder. Moving it back repairs the agent.
 */
class LocalBackupAgentContractTest extends BackupAgentContractTest<LocalBackupAgent> {

    @Override
    protected LocalBackupAgent createAgent(Path workDir) {
        return new LocalBackupAgent("local-contract", "Local folder (contract test)", workDir.resolve("backups"));
    }

    @Override
    protected Optional<Outage> outage(LocalBackupAgent agent, Path workDir) {
        Path folder = agent.directory();
        Path unmounted = workDir.resolve("backups-unmounted");
        return Optional.of(Outage.of(() -> Files.move(folder, unmounted), () -> Files.move(unmounted, folder)));
    }
}
