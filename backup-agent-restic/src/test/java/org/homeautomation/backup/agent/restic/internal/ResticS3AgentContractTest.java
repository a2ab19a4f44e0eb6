package org.homeautomation.backup.agent.restic.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.homeautomation.backup.agent.testkit.BackupAgentContractTest;
import org.homeautomation.backup.agent.testkit.Outage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared agent contract, run against {@link ResticBackupAgent} on an {@code s3:} repository that it creates in a
 * new bucket of a real S3 server (S3Proxy on loopback), configured as a person would configure it. The outage stops
 * the server and starts it again on the same port with the same store, as the S3 agent's contract test does.
 */
class ResticS3AgentContractTest extends BackupAgentContractTest<ResticBackupAgent> {
    private static S3TestStore store;

    @BeforeAll
    static void startStore() throws Exception {
        store = S3TestStore.start();
    }

    @AfterAll
    static void stopStore() throws Exception {
        store.close();
    }

    @Override
    protected ResticBackupAgent createAgent(Path workDir) throws Exception {
        return S3TestStore.agent("restic-s3-contract", store.newLocation("home/restic"), "contract password", true);
    }

    @Override
    protected Optional<Outage> outage(ResticBackupAgent agent, Path workDir) {
        return Optional.of(Outage.of(store.server()::stop, store.server()::startAgain));
    }
}
