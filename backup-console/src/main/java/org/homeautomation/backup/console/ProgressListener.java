package org.homeautomation.backup.console;

import java.util.Dictionary;
import java.util.Hashtable;

import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupStage;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Listens to the stage and upload progress events of backups and posts them to a {@link ProgressBoard}, which keeps
 * those of the backup it follows.
 */
public final class ProgressListener implements EventHandler {
    private final ProgressBoard board;

    /**
     * @param board where to post what happens; {@link #register} registers a listener with the framework
     */
    public ProgressListener(ProgressBoard board) {
        this.board = board;
    }

    /**
     * Registers a listener for every backup's events. Register it before the backup starts: Event Admin delivers an
     * event only to the handlers registered when it was posted, and the manager posts the first stages before
     * {@code create} returns the backup's id. The board keeps what arrives until it is told which backup to follow.
     *
     * @param context the bundle context to register with
     * @param board where to post what happens
     * @return what unregisters the listener
     */
    public static AutoCloseable register(BundleContext context, ProgressBoard board) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC,
                new String[] { BackupEvents.TOPIC_STAGE, BackupEvents.TOPIC_UPLOAD_PROGRESS });
        props.put(EventConstants.EVENT_FILTER, "(" + BackupEvents.BACKUP_ID + "=*)");
        AutoCloseable registration = HandlerRegistration.register(context, new ProgressListener(board), props);
        if (context.getServiceReference(EventAdmin.class) != null) {
            board.expectEnd();
        }
        return registration;
    }

    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(BackupEvents.BACKUP_ID) instanceof String backupId)) {
            return;
        }
        if (BackupEvents.TOPIC_UPLOAD_PROGRESS.equals(event.getTopic())) {
            Object agent = event.getProperty(BackupEvents.AGENT_ID);
            if (agent instanceof String id && event.getProperty(BackupEvents.BYTES_UPLOADED) instanceof Long done) {
                long total = event.getProperty(BackupEvents.BYTES_TOTAL) instanceof Long t ? t : -1;
                board.upload(backupId, id, done, total);
            }
        } else if (BackupEvents.TOPIC_STAGE.equals(event.getTopic())) {
            Object stage = event.getProperty(BackupEvents.STAGE);
            String description = describe(stage);
            if (description != null) {
                board.stage(backupId, description);
            }
            if (BackupStage.COMPLETED.name().equals(stage) || BackupStage.FAILED.name().equals(stage)) {
                board.ended(backupId);
            }
        }
    }

    /** The stages a person waits through; the end is told by the command's summary instead. */
    private static String describe(Object stage) {
        if (!(stage instanceof String name)) {
            return null;
        }
        try {
            return switch (BackupStage.valueOf(name)) {
                case PRE_BACKUP -> "preparing the contents...";
                case ARCHIVING -> "writing the archive...";
                case POST_BACKUP -> null;
                case UPLOADING -> "uploading...";
                case COMPLETED, FAILED -> null;
            };
        } catch (IllegalArgumentException newerStage) {
            return null;
        }
    }
}
