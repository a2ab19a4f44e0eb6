package org.homeautomation.backup.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupStage;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.api.RestoreStage;
import org.homeautomation.backup.api.UploadResult;
import org.homeautomation.backup.support.json.Json;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ProgressTrackerTest {
    private static final String ID = "20260101-120000-abcdef01";

    private final Job job = new Job(ID, "nightly");
    private Optional<BackupJob> active = Optional.empty();
    private final ProgressTracker tracker = new ProgressTracker(() -> active);

    @Test
    void showsNothingBeforeAnyOperation() {
        assertTrue(tracker.latest().isEmpty());
    }

    @Test
    void showsTheChosenAgentsFromTheStartThenTheirProgressWhichNeverGoesBack() {
        tracker.follow(job, List.of("local", "nas"));
        assertEquals(List.of(0L, 0L), uploaded());

        tracker.handleEvent(stage(BackupStage.UPLOADING));
        tracker.handleEvent(progress("nas", 400, 1000));
        tracker.handleEvent(progress("nas", 300, 1000));
        tracker.handleEvent(progress("local", 1000, 1000));

        Map<String, Object> op = tracker.latest().orElseThrow();
        assertEquals("UPLOADING", op.get("stage"));
        assertEquals(false, op.get("finished"));
        assertEquals(List.of(0L + 1000, 400L), uploaded(), "events that arrive late do not move a bar back");
    }

    @Test
    void theManagersResultGivesEachFailedAgentItsReason() {
        tracker.follow(job, List.of("local", "nas"));
        tracker.handleEvent(progress("local", 10, 1000));
        job.completion.complete(BackupResult.archived(metadata(1000),
                List.of(UploadResult.succeeded("local"), UploadResult.failed("nas", "NAS: disk full")), List.of()));

        Map<String, Object> op = tracker.latest().orElseThrow();
        assertEquals(true, op.get("finished"));
        assertEquals("PARTIALLY_FAILED", op.get("outcome"));
        Map<String, Object> local = agent(op, "local");
        assertEquals("SUCCEEDED", local.get("outcome"));
        assertEquals(1000L, local.get("uploaded"), "a stored upload shows full");
        Map<String, Object> nas = agent(op, "nas");
        assertEquals("FAILED", nas.get("outcome"));
        assertEquals("NAS: disk full", nas.get("reason"));
    }

    @Test
    void theEndEventAloneStillEndsTheOperationWithoutReasons() {
        tracker.follow(job, List.of("local", "nas"));
        tracker.handleEvent(event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, ID,
                BackupEvents.BACKUP_NAME, "nightly", BackupEvents.STAGE, BackupStage.COMPLETED.name(),
                BackupEvents.FAILED_AGENTS, new String[] { "nas" })));

        Map<String, Object> op = tracker.latest().orElseThrow();
        assertEquals("PARTIALLY_FAILED", op.get("outcome"));
        assertEquals("SUCCEEDED", agent(op, "local").get("outcome"));
        assertEquals("FAILED", agent(op, "nas").get("outcome"));

        job.completion.complete(BackupResult.archived(metadata(1000),
                List.of(UploadResult.succeeded("local"), UploadResult.failed("nas", "NAS: disk full")), List.of()));
        assertEquals("NAS: disk full", agent(tracker.latest().orElseThrow(), "nas").get("reason"),
                "the result, when it comes, adds the reason");
    }

    @Test
    void anArchiveThatCouldNotBeMadeFailsEveryAgent() {
        tracker.follow(job, List.of("local"));
        job.completion.complete(BackupResult.failed(ID, "No space left in the staging folder", List.of()));

        Map<String, Object> op = tracker.latest().orElseThrow();
        assertEquals("FAILED", op.get("outcome"));
        assertEquals("No space left in the staging folder", op.get("failure"));
        assertEquals("FAILED", agent(op, "local").get("outcome"));
    }

    @Test
    void followsABackupStartedElsewhereThroughTheRunningJob() {
        active = Optional.of(job);
        tracker.handleEvent(stage(BackupStage.PRE_BACKUP));
        tracker.handleEvent(progress("local", 5, 10));
        job.completion.complete(BackupResult.archived(metadata(10),
                List.of(UploadResult.failed("local", "Local agent 'local': permission denied")), List.of()));

        Map<String, Object> op = tracker.latest().orElseThrow();
        assertEquals("nightly", op.get("name"));
        assertEquals("FAILED", op.get("outcome"));
        assertEquals("Local agent 'local': permission denied", agent(op, "local").get("reason"));
    }

    @Test
    void aNewBackupReplacesTheLastOne() {
        tracker.follow(job, List.of("local"));
        job.completion.complete(BackupResult.archived(metadata(10), List.of(UploadResult.succeeded("local")),
                List.of()));
        Job next = new Job("20260101-130000-abcdef02", "hourly");
        tracker.follow(next, List.of("nas"));

        Map<String, Object> op = tracker.latest().orElseThrow();
        assertEquals("hourly", op.get("name"));
        assertEquals(false, op.get("finished"));
        assertEquals(List.of("nas"), ((List<?>) op.get("agents")).stream()
                .map(a -> ((Map<?, ?>) a).get("id")).toList());
    }

    @Test
    void aRestoreShowsItsStagesAndItsFailure() {
        tracker.restoreStarted(ID, "nightly", "local");
        tracker.handleEvent(event(BackupEvents.TOPIC_RESTORE, Map.of(BackupEvents.BACKUP_ID, ID,
                BackupEvents.STAGE, RestoreStage.VERIFYING.name(), BackupEvents.AGENT_ID, "local")));
        Map<String, Object> running = tracker.latest().orElseThrow();
        assertEquals("restore", running.get("kind"));
        assertEquals("VERIFYING", running.get("stage"));
        assertEquals(false, running.get("finished"));

        tracker.restoreFailed(ID, "The password does not open backup " + ID + ".");
        Map<String, Object> failed = tracker.latest().orElseThrow();
        assertEquals("FAILED", failed.get("outcome"));
        assertEquals("The password does not open backup " + ID + ".", failed.get("failure"));
    }

    @Test
    void aRestoreThatSucceededNamesWhatItRestored() {
        tracker.restoreStarted(ID, "nightly", null);
        tracker.restoreSucceeded(
                RestoreResult.builder().backupId(ID).agentId("nas").contents(List.of("etc", "data")).build());

        Map<String, Object> op = tracker.latest().orElseThrow();
        assertEquals("SUCCEEDED", op.get("outcome"));
        assertEquals("nas", op.get("agent"));
        assertEquals(List.of("etc", "data"), op.get("contents"));
        assertNull(op.get("failure"));
    }

    @Test
    void ignoresEventsItDoesNotKnow() {
        tracker.handleEvent(event(BackupEvents.TOPIC_AGENT_ADDED, Map.of(BackupEvents.AGENT_ID, "nas",
                BackupEvents.AGENT_NAME, "NAS")));
        tracker.handleEvent(event(BackupEvents.TOPIC_UPLOAD_PROGRESS, Map.of(BackupEvents.BACKUP_ID, ID)));
        assertFalse(tracker.latest().map(op -> !((List<?>) op.get("agents")).isEmpty()).orElse(false));
    }

    @Test
    void theSnapshotIsJsonTheSharedWriterTakes() {
        tracker.follow(job, List.of("local"));
        tracker.handleEvent(progress("local", 1, 2));
        String json = Json.write(tracker.latest().orElseThrow());
        assertTrue(json.contains("\"backupId\":\"" + ID + "\""), json);
    }

    // ---------- helpers

    private List<Long> uploaded() {
        return ((List<?>) tracker.latest().orElseThrow().get("agents")).stream()
                .map(a -> (Long) ((Map<?, ?>) a).get("uploaded")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> agent(Map<String, Object> op, String id) {
        return ((List<Map<String, Object>>) op.get("agents")).stream().filter(a -> id.equals(a.get("id")))
                .findFirst().orElseThrow(() -> new AssertionError("no agent " + id + " in " + op));
    }

    private static Event stage(BackupStage stage) {
        return event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, ID, BackupEvents.BACKUP_NAME, "nightly",
                BackupEvents.STAGE, stage.name()));
    }

    private static Event progress(String agent, long uploaded, long total) {
        return event(BackupEvents.TOPIC_UPLOAD_PROGRESS, Map.of(BackupEvents.BACKUP_ID, ID, BackupEvents.AGENT_ID,
                agent, BackupEvents.BYTES_UPLOADED, uploaded, BackupEvents.BYTES_TOTAL, total));
    }

    private static Event event(String topic, Map<String, ?> properties) {
        return new Event(topic, new HashMap<>(properties));
    }

    private static BackupMetadata metadata(long size) {
        return BackupMetadata.builder().id(ID).name("nightly").createdAt(Instant.parse("2026-01-01T12:00:00Z"))
                .size(size).sha256("0".repeat(64)).build();
    }

    /** A running backup as the manager hands it out: its completion is completed by the test. */
    private static final class Job implements BackupJob {
        final CompletableFuture<BackupResult> completion = new CompletableFuture<>();
        private final String id;
        private final String name;

        Job(String id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override
        public String backupId() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<BackupResult> completion() {
            return completion;
        }
    }
}
