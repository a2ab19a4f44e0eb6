package org.homeautomation.backup.webconsole.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupStage;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.api.RestoreStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the manager's backup and restore events and keeps the latest operation as the page shows it: stage, the
 * upload to each agent, and how it ended, with the reason of each failure once the manager's result is in. The page
 * polls it through {@link BackupsPlugin}; backups started elsewhere (the shell, the schedule) show up too.
 *
 * <p>Event Admin calls {@link #handleEvent(Event)} on its own threads; all state is guarded by this object's lock and
 * every call is short, so that Event Admin never waits on the page.
 */
@Component(service = { EventHandler.class, ProgressTracker.class },
        property = EventConstants.EVENT_TOPIC + "=" + BackupEvents.TOPIC_PREFIX + "*")
public final class ProgressTracker implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private final Supplier<Optional<BackupJob>> activeJob;
    private Operation current;

    /** @param manager asked for the running job when a backup started elsewhere shows up, to learn its result */
    @Activate
    public ProgressTracker(@Reference BackupManager manager) {
        this(manager::activeJob);
    }

    ProgressTracker(Supplier<Optional<BackupJob>> activeJob) {
        this.activeJob = activeJob;
    }

    /**
     * Follows a backup the page started.
     *
     * @param job the running backup
     * @param agentIds the agents it goes to, shown from the start
     */
    void follow(BackupJob job, Collection<String> agentIds) {
        synchronized (this) {
            Operation op = backup(job.backupId(), job.name());
            op.expectUploads(agentIds);
            if (!op.followCompletion()) {
                return;
            }
        }
        followCompletion(job);
    }

    /**
     * @param backupId the backup being restored
     * @param name its name
     * @param agentId the agent it is read from, or null for the first that holds it
     */
    synchronized void restoreStarted(String backupId, String name, String agentId) {
        current = new Operation(Operation.Kind.RESTORE, backupId, name);
        current.agent(agentId);
        current.stage("STARTING");
    }

    /** @param result what the restore did */
    synchronized void restoreSucceeded(RestoreResult result) {
        restore(result.backupId(), null).restored(result);
    }

    /**
     * @param backupId the backup whose restore failed
     * @param reason why, for a person
     */
    synchronized void restoreFailed(String backupId, String reason) {
        restore(backupId, null).failed(reason);
    }

    /** @return the latest operation as the page's JSON reads it, or empty when none ran since the bundle started */
    synchronized Optional<Map<String, Object>> latest() {
        return Optional.ofNullable(current).map(Operation::toJson);
    }

    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        String backupId = text(event, BackupEvents.BACKUP_ID);
        if (backupId == null) {
            return;
        }
        if (BackupEvents.TOPIC_STAGE.equals(topic)) {
            stageEvent(event, backupId);
        } else if (BackupEvents.TOPIC_UPLOAD_PROGRESS.equals(topic)) {
            String agent = text(event, BackupEvents.AGENT_ID);
            if (agent != null && event.getProperty(BackupEvents.BYTES_UPLOADED) instanceof Long uploaded) {
                long total = event.getProperty(BackupEvents.BYTES_TOTAL) instanceof Long t ? t : -1;
                synchronized (this) {
                    backup(backupId, null).progress(agent, uploaded, total);
                }
            }
        } else if (BackupEvents.TOPIC_RESTORE.equals(topic)) {
            restoreEvent(event, backupId);
        }
    }

    private void stageEvent(Event event, String backupId) {
        String stage = text(event, BackupEvents.STAGE);
        boolean followJob;
        synchronized (this) {
            boolean known = current != null && current.kind() == Operation.Kind.BACKUP
                    && current.backupId().equals(backupId);
            Operation op = backup(backupId, text(event, BackupEvents.BACKUP_NAME));
            op.stage(stage);
            if (BackupStage.COMPLETED.name().equals(stage) || BackupStage.FAILED.name().equals(stage)) {
                op.endedByEvent(BackupStage.FAILED.name().equals(stage), text(event, BackupEvents.REASON),
                        new HashSet<>(Arrays.asList(texts(event, BackupEvents.FAILED_AGENTS))));
            }
            followJob = !known && !op.isFinished();
        }
        if (followJob) {
            // A backup started elsewhere: its job, while it runs, gives the reason of each failed upload.
            activeJob.get().filter(job -> job.backupId().equals(backupId)).ifPresent(job -> {
                boolean first;
                synchronized (this) {
                    first = backup(backupId, job.name()).followCompletion();
                }
                if (first) {
                    followCompletion(job);
                }
            });
        }
    }

    private synchronized void restoreEvent(Event event, String backupId) {
        String stage = text(event, BackupEvents.STAGE);
        boolean end = RestoreStage.COMPLETED.name().equals(stage) || RestoreStage.FAILED.name().equals(stage);
        if (!end && current != null && current.kind() == Operation.Kind.RESTORE && current.isFinished()
                && current.backupId().equals(backupId)) {
            // The same backup restored again, from elsewhere: a new operation.
            current = null;
        }
        Operation op = restore(backupId, text(event, BackupEvents.AGENT_ID));
        op.stage(stage);
        if (end) {
            op.restoreEndedByEvent(RestoreStage.FAILED.name().equals(stage), text(event, BackupEvents.REASON));
        }
    }

    private void followCompletion(BackupJob job) {
        job.completion().whenComplete((result, error) -> {
            if (result != null) {
                ended(result);
            } else {
                LOG.warn("Backup {} ended without a result; the page shows what its events told", job.backupId(),
                        error);
            }
        });
    }

    private synchronized void ended(BackupResult result) {
        backup(result.backupId(), null).ended(result);
    }

    /** The current operation when it is this backup, else a new one that replaces it. Call with the lock held. */
    private Operation backup(String backupId, String name) {
        if (current == null || current.kind() != Operation.Kind.BACKUP || !current.backupId().equals(backupId)) {
            current = new Operation(Operation.Kind.BACKUP, backupId, name);
        }
        current.name(name);
        return current;
    }

    /** The current operation when it is a restore of this backup, else a new one. Call with the lock held. */
    private Operation restore(String backupId, String agentId) {
        if (current == null || current.kind() != Operation.Kind.RESTORE || !current.backupId().equals(backupId)) {
            current = new Operation(Operation.Kind.RESTORE, backupId, null);
        }
        current.agent(agentId);
        return current;
    }

    private static String text(Event event, String key) {
        return event.getProperty(key) instanceof String s ? s : null;
    }

    private static String[] texts(Event event, String key) {
        return event.getProperty(key) instanceof String[] values ? values : new String[0];
    }
}
