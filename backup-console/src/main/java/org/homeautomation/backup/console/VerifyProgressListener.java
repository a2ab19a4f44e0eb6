package org.homeautomation.backup.console;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Consumer;

import org.homeautomation.backup.api.BackupEvents;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Turns the {@link BackupEvents#TOPIC_VERIFY} events of one backup into progress lines: a copy being read, and how
 * far. The lines go to a queue that the command prints from its own thread.
 */
public final class VerifyProgressListener implements EventHandler {
    private final String backupId;
    private final Consumer<String> lines;

    /**
     * @param backupId the backup whose verification to follow
     * @param lines receives the progress lines
     */
    public VerifyProgressListener(String backupId, Consumer<String> lines) {
        this.backupId = backupId;
        this.lines = lines;
    }

    /**
     * Registers a listener for the verification events of one backup; register it before the verification starts.
     *
     * @param context the bundle context to register with
     * @param backupId the backup
     * @param lines receives the progress lines
     * @return what unregisters the listener
     */
    public static AutoCloseable register(BundleContext context, String backupId, Consumer<String> lines) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, BackupEvents.TOPIC_VERIFY);
        props.put(EventConstants.EVENT_FILTER, "(" + BackupEvents.BACKUP_ID + "=" + backupId + ")");
        return HandlerRegistration.register(context, new VerifyProgressListener(backupId, lines), props);
    }

    @Override
    public void handleEvent(Event event) {
        if (!backupId.equals(event.getProperty(BackupEvents.BACKUP_ID))
                || !(event.getProperty(BackupEvents.AGENT_ID) instanceof String agent)) {
            return;
        }
        Object stage = event.getProperty(BackupEvents.STAGE);
        if (BackupEvents.VERIFY_STARTED.equals(stage)) {
            lines.accept("  " + agent + ": reading the copy back...");
        } else if (BackupEvents.VERIFY_READING.equals(stage)
                && event.getProperty(BackupEvents.BYTES_READ) instanceof Long read) {
            long total = event.getProperty(BackupEvents.BYTES_TOTAL) instanceof Long t ? t : -1;
            lines.accept("  " + agent + ": " + ConsoleText.progress(read, total));
        }
    }
}
