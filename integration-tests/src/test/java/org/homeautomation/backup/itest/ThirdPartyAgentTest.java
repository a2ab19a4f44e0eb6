package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.UnknownAgentException;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * An agent of another bundle is used like the bundled one: registering the service is all it takes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThirdPartyAgentTest {
    @Rule
    public final Osgi osgi = new Osgi(ThirdPartyAgentTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(ThirdPartyAgentTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(ThirdPartyAgentTest.class);
    }

    @Test
    public void aThirdPartyAgentStoresTheSameBytesAsTheLocalAgent() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        TestAgent agent = TestAgent.storing("third-party", folder.newFolder("third-party").toPath());
        osgi.register(BackupAgent.class, agent);
        Await.value("the manager to track agent third-party", backups::agentIds, ids -> ids.contains("third-party"));
        AgentInfo info = backups.manager().agents().stream().filter(a -> a.id().equals("third-party")).findFirst()
                .orElseThrow();
        assertEquals(agent.name(), info.name());
        assertEquals(osgi.context().getBundle().getSymbolicName(), info.bundleSymbolicName());

        BackupResult result = backups.run(BackupRequest.builder("Third party").agents(Backups.LOCAL, "third-party")
                .build());

        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        BackupMetadata metadata = result.metadata().orElseThrow();
        Path stored = agent.stored(result.backupId())
                .orElseThrow(() -> new AssertionError("agent third-party does not hold " + result.backupId()));
        Path local = backups.localArchive(result.backupId());
        assertEquals("the third-party agent's bytes must be the local agent's bytes", -1L,
                Files.mismatch(local, stored));
        assertEquals(metadata.size(), Files.size(stored));
        assertEquals(metadata.sha256(), SystemTools.sha256(stored));
        assertEquals("the agent got exactly one upload", List.of(result.backupId()), agent.uploadsStarted());
        assertEquals("the last progress report is the archive's size", Long.valueOf(metadata.size()),
                agent.reportedProgress().get(agent.reportedProgress().size() - 1));

        Backup backup = backups.manager().get(result.backupId());
        assertEquals(Set.of(Backups.LOCAL, "third-party"), backup.agentIds());
        assertTrue("no agent failed: " + backup.failedAgents(), backup.failedAgents().isEmpty());
        assertEquals(metadata, backup.metadata());
    }

    @Test
    public void anUnregisteredAgentIsNoLongerOffered() throws Exception {
        TestAgent agent = TestAgent.storing("short-lived", folder.newFolder("short-lived").toPath());
        var registration = osgi.register(BackupAgent.class, agent);
        Await.value("the manager to track agent short-lived", backups::agentIds, ids -> ids.contains("short-lived"));
        registration.unregister();
        Await.value("the manager to forget agent short-lived", backups::agentIds, ids -> !ids.contains("short-lived"));
        UnknownAgentException refused = assertThrows(UnknownAgentException.class,
                () -> backups.manager().create(BackupRequest.builder("To nowhere").agents("short-lived").build()));
        assertEquals("short-lived", refused.agentId());
    }
}
