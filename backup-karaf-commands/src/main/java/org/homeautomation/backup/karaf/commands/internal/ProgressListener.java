package org.homeautomation.backup.karaf.commands.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupStage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Listens to the stage and upload progress events of one backup and posts them to a {@link ProgressBoard}.
 */
final class ProgressListener implements EventHandler {
    private final ProgressBoard board;

    ProgressListener(ProgressBoard board) {
        this.board = board;
    }

    /**
     * Registers a listener for one backup's events.
     *
     * @param context the bundle context to register with
     * @param backupId the backup to follow
     * @param board where to post what happens
     * @return what unregisters the listener
     */
    static AutoCloseable register(BundleContext context, String backupId, ProgressBoard board) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC,
                new String[] { BackupEvents.TOPIC_STAGE, BackupEvents.TOPIC_UPLOAD_PROGRESS });
        // Backup ids hold only a-z, 0-9, '.', '-' and '_', none of which is special in a filter.
        props.put(EventConstants.EVENT_FILTER, "(" + BackupEvents.BACKUP_ID + "=" + backupId + ")");
        ServiceRegistration<EventHandler> registration =
                context.registerService(EventHandler.class, new ProgressListener(board), props);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle stopped while the command waited; its services are gone with it.
            }
        };
    }

    @Override
    public void handleEvent(Event event) {
        if (BackupEvents.TOPIC_UPLOAD_PROGRESS.equals(event.getTopic())) {
            Object agent = event.getProperty(BackupEvents.AGENT_ID);
            if (agent instanceof String id && event.getProperty(BackupEvents.BYTES_UPLOADED) instanceof Long done) {
                long total = event.getProperty(BackupEvents.BYTES_TOTAL) instanceof Long t ? t : -1;
                board.upload(id, done, total);
            }
        } else if (BackupEvents.TOPIC_STAGE.equals(event.getTopic())) {
            String description = describe(event.getProperty(BackupEvents.STAGE));
            if (description != null) {
                board.stage(description);
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
