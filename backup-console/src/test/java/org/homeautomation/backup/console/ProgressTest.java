package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.BackupEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ProgressTest {
    private final ProgressBoard board = new ProgressBoard();
    private final ProgressListener listener = new ProgressListener(board);

    ProgressTest() {
        board.follow("b1");
    }

    private static Event progress(String agent, long done, long total) {
        return new Event(BackupEvents.TOPIC_UPLOAD_PROGRESS, Map.of(BackupEvents.BACKUP_ID, "b1",
                BackupEvents.AGENT_ID, agent, BackupEvents.BYTES_UPLOADED, done, BackupEvents.BYTES_TOTAL, total));
    }

    private static Event stage(String stage) {
        return new Event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, "b1", BackupEvents.STAGE, stage));
    }

    @Test
    void eachAgentIsShownOnceForEachNewCount() {
        listener.handleEvent(progress("local", 1024, 4096));
        listener.handleEvent(progress("s3", 0, 4096));

        assertEquals(List.of("  local: 1.0 KiB of 4.0 KiB (25%)", "  s3: 0 B of 4.0 KiB (0%)"), board.takeUpdates());
        assertEquals(List.of(), board.takeUpdates());

        listener.handleEvent(progress("s3", 4096, 4096));
        assertEquals(List.of("  s3: 4.0 KiB of 4.0 KiB (100%)"), board.takeUpdates());
    }

    @Test
    void aLateEventWithAnOlderCountIsIgnored() {
        listener.handleEvent(progress("local", 2048, 4096));
        listener.handleEvent(progress("local", 1024, 4096));

        assertEquals(List.of("  local: 2.0 KiB of 4.0 KiB (50%)"), board.takeUpdates());
    }

    @Test
    void stagesAPersonWaitsThroughAreShownAndTheEndIsLeftToTheSummary() {
        listener.handleEvent(stage("ARCHIVING"));
        listener.handleEvent(stage("UPLOADING"));
        listener.handleEvent(stage("COMPLETED"));
        listener.handleEvent(stage("A_STAGE_OF_A_LATER_VERSION"));

        assertEquals(List.of("  writing the archive...", "  uploading..."), board.takeUpdates());
    }

    @Test
    void whatArrivesBeforeTheBackupIsNamedIsKeptForItAndOtherBackupsAreDropped() {
        ProgressBoard early = new ProgressBoard();
        ProgressListener listening = new ProgressListener(early);
        listening.handleEvent(new Event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, "b2",
                BackupEvents.STAGE, "PRE_BACKUP")));
        listening.handleEvent(new Event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, "other",
                BackupEvents.STAGE, "ARCHIVING")));
        assertEquals(List.of(), early.takeUpdates(), "nothing is shown before the backup is named");

        early.follow("b2");
        listening.handleEvent(new Event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, "other",
                BackupEvents.STAGE, "UPLOADING")));
        listening.handleEvent(new Event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, "b2",
                BackupEvents.STAGE, "ARCHIVING")));

        assertEquals(List.of("  preparing the contents...", "  writing the archive..."), early.takeUpdates());
    }

    @Test
    void theEndOfTheFollowedBackupEndsTheWait() throws InterruptedException {
        board.expectEnd();
        listener.handleEvent(stage("ARCHIVING"));
        assertFalse(board.awaitEnd(Duration.ofMillis(1)), "not ended yet");

        listener.handleEvent(stage("FAILED"));

        assertTrue(board.awaitEnd(Duration.ofMinutes(1)));
    }

    @Test
    void withoutEventsToComeThereIsNoWait() throws InterruptedException {
        assertFalse(board.awaitEnd(Duration.ofMinutes(10)));
    }
}
