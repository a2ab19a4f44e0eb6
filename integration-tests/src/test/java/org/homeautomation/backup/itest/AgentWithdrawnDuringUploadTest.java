package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.UploadResult;
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
import org.osgi.framework.ServiceRegistration;

/**
 * An agent whose service goes away while it uploads (its bundle stopped, its share unmounted) fails that upload only.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentWithdrawnDuringUploadTest {
    @Rule
    public final Osgi osgi = new Osgi(AgentWithdrawnDuringUploadTest.class);
    @Rule
    public final TemporaryFolder folder =
            new TemporaryFolder(BundleSet.filesDirectory(AgentWithdrawnDuringUploadTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(AgentWithdrawnDuringUploadTest.class);
    }

    @Test
    public void theWithdrawnAgentFailsAndTheOtherCompletes() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        CountDownLatch release = new CountDownLatch(1);
        TestAgent leaving = TestAgent.blockingUntil("leaving", folder.newFolder("leaving").toPath(), release);
        TestAgent steady = TestAgent.storing("steady", folder.newFolder("steady").toPath());
        ServiceRegistration<BackupAgent> leavingRegistration = osgi.register(BackupAgent.class, leaving);
        osgi.register(BackupAgent.class, steady);
        Await.value("the manager to track both agents", backups::agentIds,
                ids -> ids.containsAll(List.of("leaving", "steady")));

        BackupJob job;
        try {
            job = backups.start(BackupRequest.builder("Agent leaves").agents("leaving", "steady").build());
            leaving.awaitUploadStarted();
            leavingRegistration.unregister();
            Await.value("the manager to forget agent leaving", backups::agentIds, ids -> !ids.contains("leaving"));
        } finally {
            release.countDown();
        }
        BackupResult result = Await.completion("the backup", job.completion(), Backups.BACKUP_TIMEOUT);

        assertEquals(result.toString(), BackupResult.Status.PARTIALLY_FAILED, result.status());
        assertTrue(result.toString(), result.uploads().get("steady").isSuccess());
        UploadResult withdrawn = result.uploads().get("leaving");
        assertFalse("the upload to the withdrawn agent must be reported failed: " + result, withdrawn.isSuccess());
        assertFalse(withdrawn.failureReason().orElseThrow().isBlank());
        assertTrue(steady.stored(result.backupId()).isPresent());

        Backup backup = backups.manager().get(result.backupId());
        assertEquals(Set.of("steady"), backup.agentIds());
        assertEquals(Set.of("leaving"), backup.failedAgents().keySet());
    }
}
