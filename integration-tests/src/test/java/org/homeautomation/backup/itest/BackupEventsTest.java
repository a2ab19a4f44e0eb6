package org.homeautomation.backup.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupStage;
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
import org.osgi.service.event.Event;

/**
 * The events a console or web page follows a backup by, received through Event Admin as any bundle would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackupEventsTest {
    @Rule
    public final Osgi osgi = new Osgi(BackupEventsTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(BackupEventsTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(BackupEventsTest.class);
    }

    @Test
    public void uploadProgressIsRateLimitedAndEndsAtTheTotal() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        EventRecorder events = EventRecorder.register(osgi);
        // Reports every 2 ms for 3 s: well over a thousand reports.
        TestAgent slow = TestAgent.crawling("slow-link", folder.newFolder("slow-link").toPath(), Duration.ofSeconds(3),
                TimeUnit.MILLISECONDS.toNanos(2));
        osgi.register(BackupAgent.class, slow);
        Await.value("the manager to track agent slow-link", backups::agentIds, ids -> ids.contains("slow-link"));

        long start = System.nanoTime();
        BackupResult result = backups.run(BackupRequest.builder("Slow upload").agents("slow-link").build());
        long seconds = (long) Math.ceil((System.nanoTime() - start) / 1e9);

        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        long size = result.metadata().orElseThrow().size();
        Event last = events.await("the final progress event of slow-link", BackupEvents.TOPIC_UPLOAD_PROGRESS,
                e -> "slow-link".equals(e.getProperty(BackupEvents.AGENT_ID))
                        && Long.valueOf(size).equals(e.getProperty(BackupEvents.BYTES_UPLOADED)));
        assertEquals(result.backupId(), last.getProperty(BackupEvents.BACKUP_ID));
        assertEquals(size, last.getProperty(BackupEvents.BYTES_TOTAL));

        List<Event> progress = events.events(BackupEvents.TOPIC_UPLOAD_PROGRESS, result.backupId()).stream()
                .filter(e -> "slow-link".equals(e.getProperty(BackupEvents.AGENT_ID))).collect(Collectors.toList());
        int reports = slow.reportedProgress().size();
        String seen = progress.size() + " events for " + reports + " reports in " + seconds + " s: "
                + EventRecorder.describe(progress);
        assertTrue("the agent must have reported often: " + seen, reports > 500);
        assertTrue("progress must be published while the upload runs, not only at its end: " + seen,
                progress.size() >= 2);
        assertTrue("at most about one event a second, plus the last: " + seen, progress.size() <= seconds + 2);
        assertEquals("the last progress event is the last one published: " + seen, last,
                progress.get(progress.size() - 1));
        long previous = -1;
        for (Event e : progress) {
            long uploaded = (Long) e.getProperty(BackupEvents.BYTES_UPLOADED);
            assertTrue("progress must never go back: " + seen, uploaded >= previous);
            previous = uploaded;
        }
    }

    @Test
    public void stagesArePublishedInOrder() throws Exception {
        backups.configureSource("notes", SampleTree.write(folder.newFolder("notes").toPath()), Map.of());
        EventRecorder events = EventRecorder.register(osgi);
        // With a participant every stage has work to do.
        osgi.register(BackupParticipant.class, RecordingParticipant.quiet("hook", new ArrayList<>()));
        Await.value("the participant to be offered", () -> backups.manager().contents(), c -> c.contains("hook"));

        BackupResult result = backups.run(BackupRequest.builder("Staged").agents(Backups.LOCAL).build());

        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        events.await("the COMPLETED stage of " + result.backupId(), BackupEvents.TOPIC_STAGE,
                e -> result.backupId().equals(e.getProperty(BackupEvents.BACKUP_ID))
                        && BackupStage.COMPLETED.name().equals(e.getProperty(BackupEvents.STAGE)));
        List<Event> stages = events.events(BackupEvents.TOPIC_STAGE, result.backupId());
        assertEquals(EventRecorder.describe(stages),
                List.of("PRE_BACKUP", "ARCHIVING", "POST_BACKUP", "UPLOADING", "COMPLETED"),
                stages.stream().map(e -> e.getProperty(BackupEvents.STAGE)).collect(Collectors.toList()));
        for (Event stage : stages) {
            assertEquals("Staged", stage.getProperty(BackupEvents.BACKUP_NAME));
        }
    }

    @Test
    public void failuresArePublishedWithTheirReasonAndAgents() throws Exception {
        backups.configureSource("photos", SampleTree.write(folder.newFolder("photos").toPath()), Map.of());
        EventRecorder events = EventRecorder.register(osgi);
        osgi.register(BackupAgent.class, TestAgent.failingWith("flaky", folder.newFolder("flaky").toPath(),
                new BackupAgentException("Test agent flaky: the endpoint answered 503")));
        Await.value("the manager to track agent flaky", backups::agentIds, ids -> ids.contains("flaky"));

        BackupResult partial = backups.run(BackupRequest.builder("Partly").agents(Backups.LOCAL, "flaky").build());
        assertEquals(partial.toString(), BackupResult.Status.PARTIALLY_FAILED, partial.status());
        Event completed = events.await("the COMPLETED stage of " + partial.backupId(), BackupEvents.TOPIC_STAGE,
                e -> partial.backupId().equals(e.getProperty(BackupEvents.BACKUP_ID))
                        && BackupStage.COMPLETED.name().equals(e.getProperty(BackupEvents.STAGE)));
        assertArrayEquals(new String[] { "flaky" }, (String[]) completed.getProperty(BackupEvents.FAILED_AGENTS));

        osgi.register(BackupParticipant.class, new RecordingParticipant("broken-hook", new ArrayList<>(),
                staging -> {
                    throw new IllegalStateException("the device does not answer");
                }));
        Await.value("the participant to be offered", () -> backups.manager().contents(),
                c -> c.contains("broken-hook"));
        BackupResult failed = backups.run(BackupRequest.builder("Not at all").agents(Backups.LOCAL).build());
        assertEquals(failed.toString(), BackupResult.Status.FAILED, failed.status());
        Event failure = events.await("the FAILED stage of " + failed.backupId(), BackupEvents.TOPIC_STAGE,
                e -> failed.backupId().equals(e.getProperty(BackupEvents.BACKUP_ID))
                        && BackupStage.FAILED.name().equals(e.getProperty(BackupEvents.STAGE)));
        String reason = (String) failure.getProperty(BackupEvents.REASON);
        assertTrue("the FAILED event must say why: " + reason, reason != null && reason.contains("broken-hook"));
    }

    @Test
    public void agentsArrivingAndLeavingArePublished() throws Exception {
        EventRecorder events = EventRecorder.register(osgi);
        TestAgent agent = TestAgent.storing("visitor", folder.newFolder("visitor").toPath());

        ServiceRegistration<BackupAgent> registration = osgi.register(BackupAgent.class, agent);
        Event added = events.await("AGENT_ADDED for visitor", BackupEvents.TOPIC_AGENT_ADDED,
                e -> "visitor".equals(e.getProperty(BackupEvents.AGENT_ID)));
        assertEquals(agent.name(), added.getProperty(BackupEvents.AGENT_NAME));

        registration.unregister();
        Event removed = events.await("AGENT_REMOVED for visitor", BackupEvents.TOPIC_AGENT_REMOVED,
                e -> "visitor".equals(e.getProperty(BackupEvents.AGENT_ID)));
        assertEquals(agent.name(), removed.getProperty(BackupEvents.AGENT_NAME));
    }
}
