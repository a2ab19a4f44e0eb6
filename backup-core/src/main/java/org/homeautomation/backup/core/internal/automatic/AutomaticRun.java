package org.homeautomation.backup.core.internal.automatic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.RetentionDecision;
import org.homeautomation.backup.api.UploadResult;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.core.internal.config.AutomaticBackupConfiguration;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.config.AutomaticSettings;
import org.homeautomation.backup.core.internal.retention.RetentionPlanner;
import org.homeautomation.backup.core.internal.retention.RetentionRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One automatic backup through the manager's public API: the backup, marked as automatic and as this installation's,
 * then retention on the agents that stored it. Failures are logged here, loudly, with what to do.
 */
final class AutomaticRun {
    private static final Logger LOG = LoggerFactory.getLogger(AutomaticRun.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** A manual backup running at the scheduled time is waited for; this bounds a pathological stream of them. */
    private static final int BUSY_ATTEMPTS = 5;
    private static final Duration RESTORE_WAIT = Duration.ofHours(2);
    private static final Duration RESTORE_POLL = Duration.ofSeconds(1);

    /**
     * How the run ended.
     *
     * @param backupId the backup made, or null when none was
     * @param failure why it failed, or null when every selected agent stored it
     * @param failedAgents the agents that did not store it (or stored a damaged copy), with the reason
     * @param verification the verification of the stored copies, or null when none ran
     */
    record Outcome(String backupId, String failure, Map<String, String> failedAgents, Verification verification) {
        Outcome(String backupId, String failure, Map<String, String> failedAgents) {
            this(backupId, failure, failedAgents, null);
        }

        boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * The verification of an automatic backup's stored copies ({@code verifyAfterBackup}).
     *
     * @param ended when it ended
     * @param copies agent id to the one-line result of each copy verified
     * @param damaged agent id to what is wrong, for each copy that is damaged or could not be verified
     */
    record Verification(Instant ended, Map<String, String> copies, Map<String, String> damaged) {
    }

    private final BackupManager manager;
    private final BackupVerifier verifier;
    private final AutomaticSettings settings;
    private final String installationId;
    private final Clock clock;

    /**
     * @param verifier verifies the stored copies when the settings ask for it; null when the service is not there
     */
    AutomaticRun(BackupManager manager, BackupVerifier verifier, AutomaticSettings settings, String installationId,
            Clock clock) {
        this.manager = manager;
        this.verifier = verifier;
        this.settings = settings;
        this.installationId = installationId;
        this.clock = clock;
    }

    /**
     * @param started when the run started, for the backup's name
     * @return the outcome
     * @throws InterruptedException when the scheduler stopped while waiting for the backup
     */
    Outcome run(Instant started) throws InterruptedException {
        Map<String, String> failed = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        if (!settings.agents().isEmpty()) {
            Set<String> registered = manager.agents().stream().map(AgentInfo::id).collect(Collectors.toSet());
            for (String id : settings.agents()) {
                if (registered.contains(id)) {
                    targets.add(id);
                } else {
                    failed.put(id, "Agent '" + id + "' is not registered. Check that its bundle runs and its"
                            + " configuration is valid, or remove it from 'agents' of "
                            + AutomaticBackupConfiguration.PID + ".");
                }
            }
            if (targets.isEmpty()) {
                return failed(null, "None of the agents chosen for automatic backups (" + settings.agents()
                        + ") is registered, so no automatic backup was made.", failed);
            }
        }
        BackupRequest request = BackupRequest.builder("Automatic backup " + NAME_TIME.format(started.atZone(
                clock.getZone()))).agents(targets).contents(settings.contents())
                .extra(BackupMetadata.EXTRA_AUTOMATIC, "true")
                .extra(BackupMetadata.EXTRA_INSTALLATION, installationId)
                .password(settings.password().map(Password::chars).orElse(null)).build();
        BackupJob job;
        try {
            job = createWhenIdle(request);
        } catch (BackupException | IllegalArgumentException e) {
            return failed(null, "The automatic backup could not start: " + e.getMessage(), failed);
        }
        BackupResult result;
        try {
            result = job.completion().toCompletableFuture().get();
        } catch (ExecutionException e) {
            return failed(job.backupId(), "The automatic backup " + job.backupId() + " failed unexpectedly: "
                    + e.getCause(), failed);
        }
        for (UploadResult upload : result.failedUploads()) {
            failed.put(upload.agentId(), upload.failureReason().orElse("failed"));
        }
        Verification verification = null;
        if (result.status() != BackupResult.Status.FAILED) {
            Set<String> stored = result.uploads().values().stream().filter(UploadResult::isSuccess)
                    .map(UploadResult::agentId).collect(Collectors.toCollection(LinkedHashSet::new));
            if (settings.verifyAfterBackup()) {
                // Before retention: older backups on an agent whose new copy is damaged are kept.
                verification = verify(result.backupId(), stored);
                verification.damaged().forEach((agent, problem) -> failed.put(agent, "stored, but its copy is"
                        + " damaged: " + problem));
                stored.removeAll(verification.damaged().keySet());
            }
            applyRetention(stored);
        }
        if (result.status() == BackupResult.Status.FAILED) {
            String reason = result.failureReason().orElseGet(() -> "No agent could store automatic backup "
                    + result.backupId() + ": " + describe(failed));
            return failed(result.backupId(), reason, failed);
        }
        if (verification != null && !verification.damaged().isEmpty()) {
            String reason = "Automatic backup " + result.backupId() + " was verified after it was made and is damaged"
                    + " on " + String.join(", ", verification.damaged().keySet()) + ": " + describe(verification
                            .damaged()) + ". Older backups on " + (verification.damaged().size() == 1 ? "that agent"
                            : "those agents") + " were kept (retention skipped). Check the agent's storage, then make"
                    + " a new backup (backup:create) and verify it (backup:verify).";
            LOG.error("{}", reason);
            return new Outcome(result.backupId(), reason, Map.copyOf(failed), verification);
        }
        if (!failed.isEmpty()) {
            String reason = "Automatic backup " + result.backupId() + " was not stored everywhere: "
                    + describe(failed);
            LOG.warn("{}. It is on {}.", reason, stored(result));
            return new Outcome(result.backupId(), reason, Map.copyOf(failed), verification);
        }
        LOG.info("Automatic backup {} completed on {}{}", result.backupId(), stored(result), verification == null ? ""
                : ", every copy verified");
        return new Outcome(result.backupId(), null, Map.of(), verification);
    }

    /** Verifies each stored copy with the configured password (protected copies without one say so). */
    private Verification verify(String backupId, Set<String> agents) {
        Map<String, String> copies = new LinkedHashMap<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        char[] password = settings.password().map(Password::chars).orElse(null);
        for (String agent : agents) {
            CopyCheck check = CopyCheck.of(verifier, backupId, agent, password);
            copies.put(agent, check.line());
            if (check.damaged()) {
                damaged.put(agent, check.line());
            }
        }
        return new Verification(clock.instant(), Map.copyOf(copies), Map.copyOf(damaged));
    }

    private BackupJob createWhenIdle(BackupRequest request) throws BackupException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                return manager.create(request);
            } catch (BackupBusyException e) {
                Optional<BackupJob> running = manager.activeJob();
                if (attempt == BUSY_ATTEMPTS) {
                    throw e;
                }
                if (running.isPresent()) {
                    LOG.info("The automatic backup waits for backup {} to finish", running.get().backupId());
                    try {
                        running.get().completion().toCompletableFuture().get();
                    } catch (ExecutionException ignored) {
                        // Whatever became of it, the manager is free now.
                    }
                } else {
                    awaitNoRestore(e);
                }
            }
        }
    }

    /**
     * A restore (or the recovery of one) has no job to wait on: poll the manager's state until it ends, within a
     * bound, rather than spending the attempts at once.
     */
    private void awaitNoRestore(BackupBusyException refusal) throws BackupBusyException, InterruptedException {
        long deadline = System.nanoTime() + RESTORE_WAIT.toNanos();
        if (manager.state() == ManagerState.RESTORING) {
            LOG.info("The automatic backup waits for a restore to finish: {}", refusal.getMessage());
        }
        while (manager.state() == ManagerState.RESTORING) {
            if (System.nanoTime() > deadline) {
                throw new BackupBusyException(refusal.getMessage() + " (the automatic backup waited "
                        + RESTORE_WAIT.toMinutes() + " minutes)");
            }
            Thread.sleep(RESTORE_POLL.toMillis());
        }
    }

    private void applyRetention(Set<String> agents) {
        try {
            RetentionPlanner planner = new RetentionPlanner(installationId, clock.getZone());
            List<RetentionDecision> decisions = planner.plan(manager.list().backups(), settings.retention(),
                    clock.instant());
            RetentionRun.apply(decisions, agents::contains, (id, agent) -> manager.delete(id, Set.of(agent)));
        } catch (RuntimeException e) {
            LOG.error("Retention after the automatic backup failed unexpectedly; old backups were not deleted."
                    + " This is a defect of the backup manager.", e);
        }
    }

    /** A run that left no backup anywhere. */
    private static Outcome failed(String backupId, String reason, Map<String, String> failedAgents) {
        LOG.error("{}", reason);
        return new Outcome(backupId, reason, Map.copyOf(failedAgents));
    }

    private static String describe(Map<String, String> failed) {
        return failed.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private static List<String> stored(BackupResult result) {
        return result.uploads().values().stream().filter(UploadResult::isSuccess).map(UploadResult::agentId)
                .toList();
    }
}
