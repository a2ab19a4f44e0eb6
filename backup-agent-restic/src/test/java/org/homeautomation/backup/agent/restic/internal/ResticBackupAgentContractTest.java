package org.homeautomation.backup.agent.restic.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.homeautomation.backup.agent.testkit.BackupAgentContractTest;
import org.homeautomation.backup.agent.testkit.Outage;
import org.homeautomation.backup.support.secret.Secret;

/**
 * The shared agent contract, run against {@link ResticBackupAgent} on a repository it creates in a real folder.
 *
 * <p>The outage moves the repository's folder away, as unmounting its drive would: the agent must then refuse every
 * call with AgentUnavailableException and must not re-create the folder. Moving it back repairs the agent.
 */
class ResticBackupAgentContractTest extends BackupAgentContractTest<ResticBackupAgent> {

    @Override
    protected ResticBackupAgent createAgent(Path workDir) {
        return new ResticBackupAgent("restic-contract", "restic repository (contract test)",
                workDir.resolve("repository"), new Secret("contract password"), true);
    }

    @Override
    protected Optional<Outage> outage(ResticBackupAgent agent, Path workDir) {
        Path folder = Path.of(agent.storage().location());
        Path unmounted = workDir.resolve("repository-unmounted");
        return Optional.of(Outage.of(() -> {
            agent.list(); // the repository exists before it is taken away
            Files.move(folder, unmounted);
        }, () -> Files.move(unmounted, folder)));
    }
}
