package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;
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
import org.osgi.framework.Bundle;

/**
 * An agent that fails, however it fails, fails alone: the others get the backup and the manager keeps working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailingAgentTest {
    private static final String GOOD = "good";
    private static final String CHECKED = "bucket-full";
    private static final String RUNTIME = "defective";
    private static final String ERROR = "asserting";

    @Rule
    public final Osgi osgi = new Osgi(FailingAgentTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(FailingAgentTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(FailingAgentTest.class);
    }

    @Test
    public void failingAgentsDoNotFailTheOthers() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        TestAgent good = TestAgent.storing(GOOD, folder.newFolder(GOOD).toPath());
        osgi.register(BackupAgent.class, good);
        osgi.register(BackupAgent.class, TestAgent.failingWith(CHECKED, folder.newFolder(CHECKED).toPath(),
                new BackupAgentException("Test agent " + CHECKED + ": the bucket is full; delete old backups")));
        osgi.register(BackupAgent.class, TestAgent.failingWith(RUNTIME, folder.newFolder(RUNTIME).toPath(),
                new IllegalStateException("a defect in agent " + RUNTIME)));
        // An Error that is not a VirtualMachineError: what a failed assert or a missing class throws.
        osgi.register(BackupAgent.class, TestAgent.failingWith(ERROR, folder.newFolder(ERROR).toPath(),
                new AssertionError("an assertion in agent " + ERROR)));
        Await.value("the manager to track the four test agents", backups::agentIds,
                ids -> ids.containsAll(List.of(GOOD, CHECKED, RUNTIME, ERROR)));

        BackupResult result = backups.run(BackupRequest.builder("With failing agents")
                .agents(GOOD, CHECKED, RUNTIME, ERROR).build());

        assertEquals(result.toString(), BackupResult.Status.PARTIALLY_FAILED, result.status());
        assertTrue(result.toString(), result.uploads().get(GOOD).isSuccess());
        for (String failing : List.of(CHECKED, RUNTIME, ERROR)) {
            UploadResult upload = result.uploads().get(failing);
            assertFalse(failing + " must have failed: " + result, upload.isSuccess());
            assertFalse("the failure of " + failing + " must say why: " + upload,
                    upload.failureReason().orElseThrow().isBlank());
        }
        assertTrue("the agent's own message must reach the person: " + result.uploads().get(CHECKED),
                result.uploads().get(CHECKED).failureReason().orElseThrow().contains("the bucket is full"));

        BackupMetadata metadata = result.metadata().orElseThrow();
        assertEquals(metadata.sha256(), SystemTools.sha256(good.stored(result.backupId()).orElseThrow()));

        Backup backup = backups.manager().get(result.backupId());
        assertEquals(Set.of(GOOD), backup.agentIds());
        assertEquals(Set.of(CHECKED, RUNTIME, ERROR), backup.failedAgents().keySet());

        BackupListing listing = backups.manager().list();
        Backup listed = listing.backups().stream().filter(b -> b.id().equals(result.backupId())).findFirst()
                .orElseThrow(() -> new AssertionError("the backup must be listed: " + listing.backups()));
        assertEquals(Set.of(GOOD), listed.agentIds());
        assertEquals(Set.of(CHECKED, RUNTIME, ERROR), listed.failedAgents().keySet());
        assertTrue("listing must not fail on any agent: " + listing.agentErrors(), listing.agentErrors().isEmpty());

        // The manager's threads survived the Error: the next backup works.
        BackupResult next = backups.run(BackupRequest.builder("After the failures").agents(GOOD).build());
        assertEquals(next.toString(), BackupResult.Status.SUCCEEDED, next.status());
        assertTrue(good.stored(next.backupId()).isPresent());
    }

    @Test
    public void aBackupWhoseOnlyAgentFailsIsFailedAndStillListed() throws Exception {
        backups.configureSource("notes", SampleTree.write(folder.newFolder("notes").toPath()), Map.of());
        osgi.register(BackupAgent.class, TestAgent.failingWith("only-one", folder.newFolder("only-one").toPath(),
                new BackupAgentException("Test agent only-one: the share is read-only")));
        Await.value("the manager to track agent only-one", backups::agentIds, ids -> ids.contains("only-one"));

        BackupResult result = backups.run(BackupRequest.builder("Nowhere to go").agents("only-one").build());

        assertEquals(result.toString(), BackupResult.Status.FAILED, result.status());
        Backup remembered = backups.manager().get(result.backupId());
        assertTrue("no agent holds it: " + remembered, remembered.agentIds().isEmpty());
        assertEquals(Set.of("only-one"), remembered.failedAgents().keySet());
        assertTrue("a backup that failed everywhere is listed while remembered",
                backups.manager().list().backups().stream().anyMatch(b -> b.id().equals(result.backupId())));

        // Outside testing lost the record with a restart ("Failed agents: -"): it is kept.
        Bundle core = osgi.bundle("org.homeautomation.backup.core");
        BackupManager before = backups.manager();
        core.stop();
        core.start();
        Await.until("a new manager after the restart", () -> backups.manager() != before);
        Backup afterRestart = backups.manager().get(result.backupId());
        assertEquals(Map.of("only-one", remembered.failedAgents().get("only-one")), afterRestart.failedAgents());
        assertTrue("still listed after the restart", backups.manager().list().backups().stream()
                .anyMatch(b -> b.id().equals(result.backupId()) && b.failedAgents().containsKey("only-one")));
    }

    @Test
    public void anAgentAnsweringWithNothingOrAnotherBackupIsLeftOutOfThatBackup() throws Exception {
        backups.configureSource("docs", SampleTree.write(folder.newFolder("docs").toPath()), Map.of());
        TestAgent holder = TestAgent.storing("holder", folder.newFolder("holder").toPath());
        osgi.register(BackupAgent.class, holder);
        String otherId = "20200101-000000-0badf00d";
        osgi.register(BackupAgent.class, new AnsweringWrongly("answers-other", holder,
                m -> m.toBuilder().id(otherId).build()));
        osgi.register(BackupAgent.class, new AnsweringWrongly("answers-nothing", holder, m -> null));
        Await.value("the manager to track the three test agents", backups::agentIds,
                ids -> ids.containsAll(List.of("holder", "answers-other", "answers-nothing")));
        String id = backups.run(BackupRequest.builder("Asked for").agents("holder").build()).backupId();

        Backup backup = backups.manager().get(id);

        assertEquals(Set.of("holder"), backup.agentIds());
        BackupException e = assertThrows(BackupException.class,
                () -> backups.manager().download(id, "answers-other").close());
        assertTrue(e.getMessage(), e.getMessage().contains("answers-other") && e.getMessage().contains(otherId));
        e = assertThrows(BackupException.class, () -> backups.manager().download(id, "answers-nothing").close());
        assertTrue(e.getMessage(), e.getMessage().contains("answers-nothing") && e.getMessage().contains("nothing"));
    }

    /** A defective agent: asked for a backup it reads another agent's and answers with that changed. */
    private static final class AnsweringWrongly implements BackupAgent {
        private final String id;
        private final TestAgent source;
        private final UnaryOperator<BackupMetadata> answer;

        AnsweringWrongly(String id, TestAgent source, UnaryOperator<BackupMetadata> answer) {
            this.id = id;
            this.source = source;
            this.answer = answer;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return "Test agent " + id;
        }

        @Override
        public void upload(BackupSource backupSource, BackupMetadata metadata, UploadProgress progress)
                throws BackupAgentException {
            throw new BackupAgentException("Test agent " + id + " takes no uploads");
        }

        @Override
        public InputStream download(String backupId) throws BackupAgentException {
            return source.download(backupId);
        }

        @Override
        public void delete(String backupId) {
            // holds nothing of its own
        }

        @Override
        public List<BackupMetadata> list() {
            return List.of();
        }

        @Override
        public BackupMetadata get(String backupId) throws BackupAgentException {
            return answer.apply(source.get(backupId));
        }
    }
}
