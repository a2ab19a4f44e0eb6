package org.homeautomation.backup.core.internal.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupStage;
import org.homeautomation.backup.api.RestoreStage;
import org.homeautomation.backup.api.VerificationResult;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the manager's events to Event Admin when one is present, and does nothing otherwise. Event Admin may come and
 * go at any time; a failure to post never affects a backup.
 */
public final class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final AtomicReference<EventAdmin> eventAdmin = new AtomicReference<>();

    /** @param admin the Event Admin now present */
    public void setEventAdmin(EventAdmin admin) {
        eventAdmin.set(admin);
    }

    /** @param admin the Event Admin that went away; ignored when another replaced it already */
    public void unsetEventAdmin(EventAdmin admin) {
        eventAdmin.compareAndSet(admin, null);
    }

    /** Publishes a stage change. */
    public void stage(String backupId, String backupName, BackupStage stage, String reason,
            List<String> failedAgents) {
        Map<String, Object> p = new HashMap<>();
        p.put(BackupEvents.BACKUP_ID, backupId);
        p.put(BackupEvents.BACKUP_NAME, backupName);
        p.put(BackupEvents.STAGE, stage.name());
        if (reason != null) {
            p.put(BackupEvents.REASON, reason);
        }
        if (!failedAgents.isEmpty()) {
            p.put(BackupEvents.FAILED_AGENTS, failedAgents.toArray(String[]::new));
        }
        post(BackupEvents.TOPIC_STAGE, p);
    }

    /**
     * Publishes a restore stage.
     *
     * @param backupId the backup being restored
     * @param agentId the agent it is read from, or null before it is chosen
     * @param stage the stage entered
     * @param reason why it failed, with {@link RestoreStage#FAILED}; else null
     */
    public void restore(String backupId, String agentId, RestoreStage stage, String reason) {
        Map<String, Object> p = new HashMap<>();
        p.put(BackupEvents.BACKUP_ID, backupId);
        p.put(BackupEvents.STAGE, stage.name());
        if (agentId != null) {
            p.put(BackupEvents.AGENT_ID, agentId);
        }
        if (reason != null) {
            p.put(BackupEvents.REASON, reason);
        }
        post(BackupEvents.TOPIC_RESTORE, p);
    }

    /** Publishes upload progress. */
    public void progress(String backupId, String agentId, long uploaded, long total) {
        post(BackupEvents.TOPIC_UPLOAD_PROGRESS, Map.of(BackupEvents.BACKUP_ID, backupId, BackupEvents.AGENT_ID,
                agentId, BackupEvents.BYTES_UPLOADED, uploaded, BackupEvents.BYTES_TOTAL, total));
    }

    /** Publishes that an agent was added or removed. */
    public void agent(String topic, String agentId, String agentName) {
        post(topic, Map.of(BackupEvents.AGENT_ID, agentId, BackupEvents.AGENT_NAME, agentName));
    }

    /**
     * Publishes that an automatic backup failed.
     *
     * @param backupId the backup, or null when none was made
     * @param reason why, for a person
     * @param failedAgents the agents that did not store it
     */
    public void automaticFailed(String backupId, String reason, List<String> failedAgents) {
        Map<String, Object> p = new HashMap<>();
        if (backupId != null) {
            p.put(BackupEvents.BACKUP_ID, backupId);
        }
        p.put(BackupEvents.REASON, reason);
        if (!failedAgents.isEmpty()) {
            p.put(BackupEvents.FAILED_AGENTS, failedAgents.toArray(String[]::new));
        }
        post(BackupEvents.TOPIC_AUTOMATIC_FAILED, p);
    }

    /**
     * Publishes a stage of the verification of one copy.
     *
     * @param backupId the backup
     * @param agentId the agent whose copy is verified
     * @param stage {@link BackupEvents#VERIFY_STARTED} or {@link BackupEvents#VERIFY_READING}
     * @param read bytes read so far, or -1 to leave out (with the total)
     * @param total the copy's size
     */
    public void verifyStage(String backupId, String agentId, String stage, long read, long total) {
        Map<String, Object> p = new HashMap<>();
        p.put(BackupEvents.BACKUP_ID, backupId);
        p.put(BackupEvents.AGENT_ID, agentId);
        p.put(BackupEvents.STAGE, stage);
        if (read >= 0) {
            p.put(BackupEvents.BYTES_READ, read);
            p.put(BackupEvents.BYTES_TOTAL, total);
        }
        post(BackupEvents.TOPIC_VERIFY, p);
    }

    /** Publishes how the verification of one copy ended. */
    public void verifyEnded(VerificationResult result) {
        Map<String, Object> p = new HashMap<>();
        p.put(BackupEvents.BACKUP_ID, result.backupId());
        p.put(BackupEvents.AGENT_ID, result.agentId());
        p.put(BackupEvents.STAGE, BackupEvents.VERIFY_ENDED);
        p.put(BackupEvents.VERIFIED_OK, result.ok());
        p.put(BackupEvents.CONTENTS_CHECKED, result.contentsChecked());
        p.put(BackupEvents.BYTES_READ, result.bytesRead());
        if (!result.ok()) {
            p.put(BackupEvents.REASON, result.summary());
        }
        post(BackupEvents.TOPIC_VERIFY, p);
    }

    /** Publishes the automatic backup status after it changed. */
    public void automaticStatus(AutomaticBackupStatus status) {
        Map<String, Object> p = new HashMap<>();
        status.lastAttempt().map(Instant::toString).ifPresent(v -> p.put(BackupEvents.LAST_ATTEMPT, v));
        status.lastSuccess().map(Instant::toString).ifPresent(v -> p.put(BackupEvents.LAST_SUCCESS, v));
        status.nextRun().map(Instant::toString).ifPresent(v -> p.put(BackupEvents.NEXT_RUN, v));
        status.lastBackupId().ifPresent(v -> p.put(BackupEvents.BACKUP_ID, v));
        status.lastFailure().ifPresent(v -> p.put(BackupEvents.REASON, v));
        if (!status.failedAgents().isEmpty()) {
            p.put(BackupEvents.FAILED_AGENTS, status.failedAgents().keySet().toArray(String[]::new));
        }
        post(BackupEvents.TOPIC_AUTOMATIC_STATUS, p);
    }

    private void post(String topic, Map<String, ?> properties) {
        EventAdmin admin = eventAdmin.get();
        if (admin == null) {
            return;
        }
        try {
            admin.postEvent(new Event(topic, properties));
        } catch (RuntimeException e) {
            // Event Admin going away while posting is normal during shutdown.
            LOG.debug("Could not post event {}", topic, e);
        }
    }
}
