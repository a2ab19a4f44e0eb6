package org.homeautomation.backup.itest;

import java.nio.file.Path;
import java.util.Optional;

import org.homeautomation.backup.agent.testkit.BackupAgentContractTest;
import org.homeautomation.backup.agent.testkit.Outage;

/**
 * Holds the agent that the integration tests register to the agent contract, so that what those tests show about the
 * manager holds for a real agent. Only its storing behaviour: the failing, blocking and crawling uploads it can be
 * given are the point of the tests that use them. A JUnit 5 test run by Surefire outside the framework (the JUnit 4
 * tests beside it run in Felix under Pax Exam).
 */
public class TestAgentContractTest extends BackupAgentContractTest<TestAgent> {
    @Override
    protected TestAgent createAgent(Path workDir) throws Exception {
        return TestAgent.storing("folder", workDir.resolve("backups"));
    }

    @Override
    protected Optional<Outage> outage(TestAgent agent, Path workDir) {
        return Optional.of(Outage.of(() -> agent.setReachable(false), () -> agent.setReachable(true)));
    }
}
