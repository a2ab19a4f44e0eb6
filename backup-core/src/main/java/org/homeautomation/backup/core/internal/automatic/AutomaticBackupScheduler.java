package org.homeautomation.backup.core.internal.automatic;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.RetentionDecision;
import org.homeautomation.backup.core.internal.NamedThreads;
import org.homeautomation.backup.core.internal.config.AutomaticBackupConfiguration;
import org.homeautomation.backup.core.internal.config.AutomaticSettings;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.retention.RetentionPlanner;
import org.homeautomation.backup.core.internal.schedule.PlannedRun;
import org.homeautomation.backup.core.internal.schedule.RunPlanner;
import org.homeautomation.backup.core.internal.status.DataArea;
import org.homeautomation.backup.core.internal.status.InstallationId;
import org.homeautomation.backup.core.internal.status.StatusStore;
import org.homeautomation.backup.core.internal.status.StoredStatus;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes automatic backups on the configured schedule, runs retention after them, and keeps their status in the
 * bundle's data area.
 *
 * <p>Everything it does runs on its one thread, in order: configuration changes, wake-ups and runs, so no state is
 * shared between threads. It wakes at the planned time, or every few minutes before it, so that a clock that was
 * set or a machine that slept does not make a run late by hours.
 *
 * <p>It is the {@link AutomaticBackups} service: the status it keeps, and a preview of retention by the rules in force.
 * It registers that service itself, without properties, rather than through DS: DS would publish the configuration as
 * service properties, and with it the password of protected automatic backups, for {@code service:list} to print.
 */
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.homeautomation.backup.api.AutomaticBackups",
        uses = AutomaticBackups.class)
@Component(service = {}, immediate = true, configurationPid = AutomaticBackupConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AutomaticBackupConfiguration.class)
public final class AutomaticBackupScheduler implements AutomaticBackups {
    private static final Logger LOG = LoggerFactory.getLogger(AutomaticBackupScheduler.class);
    private static final Duration LONGEST_SLEEP = Duration.ofMinutes(5);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /**
     * Begins the status's reason when the configuration is invalid, in this version's words and in the earlier ones
     * ("... off: the configuration (pid) is invalid"), so that a valid configuration clears either.
     */
    private static final String CONFIGURATION_INVALID = "Automatic backups are off: ";

    private final BackupManager manager;
    private final BundleContext context;
    private final Path dataArea;
    private final StatusStore store;
    private final Clock clock;
    private final Random random;
    private final EventPublisher events = new EventPublisher();
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(new NamedThreads("automatic"));

    private ServiceRegistration<AutomaticBackups> registration;

    /** The configuration in force as the preview sees it: checked on the caller's thread, at once. */
    private volatile Checked current;

    /** The status as last saved, for other threads; null until the thread has read the file. */
    private volatile AutomaticBackupStatus published;

    // Confined to the executor's thread.
    private StoredStatus stored = StoredStatus.EMPTY;
    private AutomaticSettings settings;
    private RunPlanner planner;
    private PlannedRun planned;
    private ScheduledFuture<?> wakeUp;
    private String installationId;

    /**
     * @param manager the backup manager
     * @param context the bundle's context
     * @param config the configuration's raw properties; read by {@link AutomaticSettings#from(Map)} rather than
     *        converted by DS, so that a wrong value is reported instead of failing the activation
     */
    @Activate
    public AutomaticBackupScheduler(@Reference BackupManager manager, BundleContext context,
            Map<String, Object> config) {
        this(manager, context, DataArea.of(context), config, Clock.systemDefaultZone(), new SecureRandom());
    }

    AutomaticBackupScheduler(BackupManager manager, BundleContext context, Path dataArea, Map<String, ?> config,
            Clock clock, Random random) {
        this.manager = manager;
        this.context = context;
        this.dataArea = dataArea;
        this.store = StatusStore.in(dataArea);
        this.clock = clock;
        this.random = random;
        current = Checked.of(config);
    }

    /**
     * Starts the work on the thread. Not in the constructor: DS binds the optional Event Admin after the constructor
     * and before this method, and the start may already publish (an invalid configuration, a run cut off by a stop).
     */
    @Activate
    void activate() {
        Checked checked = current;
        executor.execute(() -> start(checked));
        if (context != null) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Constants.SERVICE_DESCRIPTION, "Automatic backups and their retention");
            registration = context.registerService(AutomaticBackups.class, this, properties);
        }
    }

    @Modified
    void modified(Map<String, Object> config) {
        Checked checked = Checked.of(config);
        current = checked;
        executor.execute(() -> configure(checked, false));
    }

    @Override
    public AutomaticBackupStatus status() {
        AutomaticBackupStatus status = published;
        if (status != null) {
            return status;
        }
        // Not started yet: what the file says, as the thread will read it.
        try {
            return store.read().status();
        } catch (IOException e) {
            return AutomaticBackupStatus.empty();
        }
    }

    @Override
    public List<RetentionDecision> previewRetention() throws BackupException {
        Checked checked = current;
        if (checked.settings() == null) {
            throw new BackupException(CONFIGURATION_INVALID + checked.error() + ". Fix it (in Karaf, in etc/"
                    + AutomaticBackupConfiguration.PID + ".cfg) and try again.");
        }
        String installation;
        try {
            installation = InstallationId.load(dataArea);
        } catch (IOException e) {
            throw new BackupException("Cannot read or create this installation's id in " + dataArea + ": "
                    + e.getMessage() + ". Check that the folder is writable.", e);
        }
        RetentionPlanner planner = new RetentionPlanner(installation, clock.getZone());
        return planner.plan(manager.list().backups(), checked.settings().retention(), clock.instant());
    }

    /** A configuration, checked: the settings, or why they are invalid. */
    private record Checked(AutomaticSettings settings, String error) {
        static Checked of(Map<String, ?> config) {
            try {
                return new Checked(AutomaticSettings.from(config), null);
            } catch (IllegalArgumentException e) { // InvalidConfigurationException, naming pid, keys and values
                return new Checked(null, e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // The framework unregisters a stopping bundle's services itself.
            }
        }
        // Interrupts a run that waits for its backup; the status then still says it was under way, and the next
        // start reports it as cut off. Waits for the thread, so that a new instance never writes beside it.
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("The automatic backup thread did not stop within {} s", STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Verifies automatic backups after they are made, when the configuration asks for it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BackupVerifier verifier;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin eventAdmin) {
        events.setEventAdmin(eventAdmin);
    }

    void unsetEventAdmin(EventAdmin eventAdmin) {
        events.unsetEventAdmin(eventAdmin);
    }

    private void start(Checked config) {
        try {
            stored = store.read();
        } catch (IOException e) {
            LOG.error("{}. Starting with an empty status; the file is replaced at the next change.", e.getMessage());
            stored = StoredStatus.EMPTY;
        }
        published = stored.status();
        loadInstallationId();
        configure(config, true);
    }

    private boolean loadInstallationId() {
        if (installationId == null) {
            try {
                installationId = InstallationId.load(dataArea);
            } catch (IOException e) {
                LOG.error("Cannot read or create this installation's id in {}: {}. Automatic backups cannot be made"
                        + " until the folder is writable.", dataArea, e.toString());
            }
        }
        return installationId != null;
    }

    private void configure(Checked config, boolean atStart) {
        Instant now = clock.instant();
        AutomaticBackupStatus status = stored.status();
        settings = config.settings();
        if (settings == null) {
            planner = null;
            planned = null;
            cancelWakeUp();
            String reason = CONFIGURATION_INVALID + config.error() + ". Fix it (in Karaf, in etc/"
                    + AutomaticBackupConfiguration.PID + ".cfg) to turn them on again.";
            LOG.error("{}", reason);
            events.automaticFailed(null, reason, List.of());
            save(new StoredStatus(status.toBuilder().nextRun(null).lastFailure(reason).build(), false));
            return;
        }
        if (status.lastFailure().filter(f -> f.startsWith(CONFIGURATION_INVALID)).isPresent()) {
            status = status.toBuilder().lastFailure(null).build();
        }
        RunPlanner previous = planner;
        planner = new RunPlanner(settings.runSchedule(), clock.getZone(), random);
        if (atStart) {
            if (stored.inProgress()) {
                String reason = "The automatic backup started at " + status.lastAttempt().map(Instant::toString)
                        .orElse("an unknown time") + status.lastBackupId().map(id -> " (" + id + ")").orElse("")
                        + " did not finish: the runtime stopped during it.";
                LOG.warn("{} It is made again shortly.", reason);
                events.automaticFailed(status.lastBackupId().orElse(null), reason, List.of());
                status = status.toBuilder().lastFailure(reason).failedAgents(Map.of()).build();
            }
            planned = planner.atStart(now, status.nextRun(), stored.inProgress(), settings.catchUpDelay())
                    .orElse(null);
            if (planned != null && planned.catchUp()) {
                LOG.info("The automatic backup due at {} was missed while the runtime was down; it is made once at"
                        + " {}", planned.slot(), planned.runAt());
            }
        } else if (previous == null || !previous.schedule().equals(settings.runSchedule())) {
            planned = planner.next(now).orElse(null);
        }
        if (planned != null) {
            logNext();
        } else {
            LOG.info("Automatic backups are off (schedule 'never', no verifyDays)");
        }
        save(new StoredStatus(status.toBuilder().nextRun(planned == null ? null : planned.runAt()).build(), false));
        scheduleWakeUp();
    }

    private void scheduleWakeUp() {
        cancelWakeUp();
        if (planned == null) {
            return;
        }
        Duration wait = Duration.between(clock.instant(), planned.runAt());
        if (wait.compareTo(LONGEST_SLEEP) > 0) {
            wait = LONGEST_SLEEP;
        }
        wakeUp = executor.schedule(this::wake, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void cancelWakeUp() {
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
    }

    private void wake() {
        wakeUp = null;
        if (planned == null) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(planned.runAt())) {
            scheduleWakeUp();
            return;
        }
        DayOfWeek day = dayOf(planned);
        planned = planner.next(now).orElse(null);
        if (settings.backsUpOn(day)) {
            runOnce(now, settings.verifiesNewestOn(day));
        } else if (settings.verifiesNewestOn(day)) {
            verifyNewestOnly();
        }
        if (planned != null) {
            logNext();
        }
        scheduleWakeUp();
    }

    /** @return the local day of a run's slot, which says what the run does */
    private DayOfWeek dayOf(PlannedRun run) {
        return run.slot().atZone(clock.getZone()).getDayOfWeek();
    }

    /** Logs when the planned run is and what it does. */
    private void logNext() {
        DayOfWeek day = dayOf(planned);
        boolean backup = settings.backsUpOn(day);
        boolean verify = settings.verifiesNewestOn(day);
        LOG.info("Next automatic {} at {}", backup && verify ? "backup and verification of the newest copies"
                : backup ? "backup" : "verification of the newest copies", planned.runAt().atZone(clock.getZone()));
    }

    /** A run on a day of {@code verifyDays} only: the newest copies are verified, no backup is made. */
    private void verifyNewestOnly() {
        Optional<Instant> next = Optional.ofNullable(planned).map(PlannedRun::runAt);
        save(new StoredStatus(stored.status().toBuilder().nextRun(next.orElse(null)).build(), false));
        if (!loadInstallationId()) {
            return;
        }
        AutomaticBackupStatus.Builder after = stored.status().toBuilder();
        if (verifyNewest(null, after)) {
            save(new StoredStatus(after.build(), false));
        }
    }

    /**
     * Verifies the newest copy on each agent into the status being built; a damaged one is a failure of the run.
     *
     * @param made the outcome of the backup this run made, or null
     * @return false when the thread was stopped during it, so that nothing is recorded
     */
    private boolean verifyNewest(AutomaticRun.Outcome made, AutomaticBackupStatus.Builder after) {
        NewestCopiesVerification.Result newest;
        try {
            newest = new NewestCopiesVerification(manager, verifier, settings, installationId, clock).run(
                    made == null ? null : made.backupId(), made == null ? null : made.verification());
        } catch (RuntimeException e) {
            LOG.error("The verification of the newest copies failed unexpectedly. This is a defect of the backup"
                    + " manager.", e);
            newest = new NewestCopiesVerification.Result(null, null, "The verification of the newest copies failed"
                    + " unexpectedly: " + e, Map.of());
        }
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        AutomaticRun.Verification verification = newest.verification();
        if (verification != null) {
            after.lastVerification(verification.ended()).lastVerifiedBackupId(newest.backupId())
                    .verifiedCopies(verification.copies()).damagedCopies(verification.damaged());
        }
        if (newest.failure() != null) {
            // The agents of the failure this run reports: its backup's, if it made one, and the damaged copies'.
            Map<String, String> failedAgents = new TreeMap<>(made == null ? Map.of() : made.failedAgents());
            newest.failedAgents().forEach(failedAgents::putIfAbsent);
            String reason = made != null && made.failure() != null ? made.failure() + " " + newest.failure()
                    : newest.failure();
            after.lastFailure(reason).failedAgents(failedAgents);
            events.automaticFailed(newest.backupId(), newest.failure(), List.copyOf(newest.failedAgents()
                    .keySet()));
        }
        return true;
    }

    /**
     * @param started when the run started
     * @param alsoVerifyNewest whether the newest copy on each agent is verified after the backup
     */
    private void runOnce(Instant started, boolean alsoVerifyNewest) {
        Optional<Instant> next = Optional.ofNullable(planned).map(PlannedRun::runAt);
        AutomaticBackupStatus before = stored.status();
        save(new StoredStatus(before.toBuilder().lastAttempt(started).nextRun(next.orElse(null)).build(), true));
        AutomaticRun.Outcome outcome;
        if (!loadInstallationId()) {
            outcome = new AutomaticRun.Outcome(null, "This installation's id cannot be read or created in "
                    + dataArea + ", so no automatic backup was made. Check that the folder is writable.", Map.of());
        } else {
            try {
                outcome = new AutomaticRun(manager, verifier, settings, installationId, clock).run(started);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("The automatic backup failed unexpectedly. This is a defect of the backup manager.", e);
                outcome = new AutomaticRun.Outcome(null, "The automatic backup failed unexpectedly: " + e, Map.of());
            }
        }
        AutomaticBackupStatus.Builder after = stored.status().toBuilder().lastBackupId(outcome.backupId())
                .failedAgents(outcome.failedAgents()).lastFailure(outcome.failure());
        AutomaticRun.Verification verification = outcome.verification();
        if (verification != null) {
            after.lastVerification(verification.ended()).lastVerifiedBackupId(outcome.backupId())
                    .verifiedCopies(verification.copies()).damagedCopies(verification.damaged());
        }
        if (!outcome.succeeded()) {
            events.automaticFailed(outcome.backupId(), outcome.failure(), List.copyOf(outcome.failedAgents()
                    .keySet()));
        }
        if (alsoVerifyNewest && installationId != null && !verifyNewest(outcome, after)) {
            return;
        }
        if (after.build().lastFailure().isEmpty()) {
            after.lastSuccess(started);
        }
        save(new StoredStatus(after.build(), false));
    }

    private void save(StoredStatus next) {
        boolean changed = !next.status().equals(stored.status());
        stored = next;
        published = next.status();
        try {
            store.write(next);
        } catch (IOException e) {
            LOG.error("Cannot write the automatic backup status {}: {}. The status shown may be out of date.",
                    store.file(), e.toString());
        }
        if (changed) {
            events.automaticStatus(next.status());
        }
    }
}
