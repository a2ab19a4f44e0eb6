package org.homeautomation.backup.karaf.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.BackupEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ProgressTest {
    private final ProgressBoard board = new ProgressBoard();
    private final ProgressListener listener = new ProgressListener(board);

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
}
