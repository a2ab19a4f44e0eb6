package org.homeautomation.backup.core.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.ParticipantInfo;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.core.internal.agents.AgentRegistry;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.catalogue.BackupCatalogue;
import org.homeautomation.backup.core.internal.catalogue.BackupCopy;
import org.homeautomation.backup.core.internal.config.BackupConfiguration;
import org.homeautomation.backup.core.internal.config.ConfigurationState;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.create.BackupCreation;
import org.homeautomation.backup.core.internal.create.BackupPlan;
import org.homeautomation.backup.core.internal.create.CreationPlanner;
import org.homeautomation.backup.core.internal.create.FailedUploads;
import org.homeautomation.backup.core.internal.create.StagingDirectory;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.gate.CutOffRestoreRecovery;
import org.homeautomation.backup.core.internal.gate.OperationGate;
import org.homeautomation.backup.core.internal.participants.ParticipantCalls;
import org.homeautomation.backup.core.internal.participants.ParticipantRegistry;
import org.homeautomation.backup.core.internal.browse.ChosenPaths;
import org.homeautomation.backup.core.internal.browse.TargetRestore;
import org.homeautomation.backup.core.internal.restore.BackupRestore;
import org.homeautomation.backup.core.internal.restore.RestoreJournalFolders;
import org.homeautomation.backup.core.internal.restore.RestorePlanner;
import org.homeautomation.backup.core.internal.status.DataArea;
import org.homeautomation.backup.core.internal.upload.UploadRun;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
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
 * The backup manager. Agents and participants are tracked as they come and go (no listener API); one backup runs at a
 * time, on the manager's own thread, with uploads on a thread per agent. Immediate, so that it tracks agents and
 * publishes their events from the start, not only once a client first asks for it.
 *
 * <p>The manager wires and delegates: the {@link BackupCatalogue} lists, finds, downloads and deletes backups across
 * agents; the {@link CreationPlanner} and the {@link RestorePlanner} check a request and resolve it into a plan; the
 * {@link OperationGate} lets one backup or restore run at a time. The manager holds the threads, and runs the plans.
 *
 * <p>Automatic backups are another service, {@link org.homeautomation.backup.api.AutomaticBackups}, which the
 * scheduler of this bundle provides on top of this manager.
 */
@Component(service = BackupManager.class, immediate = true, configurationPid = BackupConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = BackupConfiguration.class)
public final class BackupManagerImpl implements BackupManager {
    private static final Logger LOG = LoggerFactory.getLogger(BackupManagerImpl.class);
    private static final int REMEMBERED_FAILURES = 100;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final BundleContext context;
    private final EventPublisher events = new EventPublisher();
    private final AgentRegistry agents;
    private final ParticipantRegistry participants = new ParticipantRegistry();
    private final FailedUploads failedUploads;
    private final ExecutorService creationExecutor = Executors.newSingleThreadExecutor(new NamedThreads("create"));
    private final ExecutorService agentExecutor = Executors.newCachedThreadPool(new NamedThreads("agent"));
    private final ExecutorService participantExecutor =
            Executors.newCachedThreadPool(new NamedThreads("participant"));
    private final AtomicReference<BackupJob> activeJob = new AtomicReference<>();
    private final AtomicReference<UploadRun> activeUploads = new AtomicReference<>();
    private final OperationGate gate = new OperationGate();
    private final CutOffRestoreRecovery recovery;
    private final String runtimeVersion;
    private final Path dataArea;

    private final ConfigurationState configuration;
    private final BackupCatalogue catalogue;
    private final CreationPlanner creationPlanner;
    private final RestorePlanner restorePlanner;

    /**
     * @param context the bundle's context
     * @param properties the configuration, raw: checked by {@link ConfigurationState}, which names what is invalid
     */
    @Activate
    public BackupManagerImpl(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        this.dataArea = DataArea.of(context);
        this.configuration = new ConfigurationState(context::getProperty, dataArea);
        this.failedUploads = FailedUploads.persistedIn(REMEMBERED_FAILURES, dataArea.resolve(FailedUploads.FILE_NAME));
        this.agents = new AgentRegistry(
                a -> events.agent(BackupEvents.TOPIC_AGENT_ADDED, a.id(), a.name()),
                a -> {
                    UploadRun run = activeUploads.get();
                    if (run != null) {
                        run.agentRemoved(a);
                    }
                    events.agent(BackupEvents.TOPIC_AGENT_REMOVED, a.id(), a.name());
                });
        this.catalogue = new BackupCatalogue(agents, failedUploads, agentExecutor);
        this.creationPlanner = new CreationPlanner(agents, participants);
        this.restorePlanner = new RestorePlanner(participants);
        this.runtimeVersion = describeRuntime(context);
        configuration.apply(properties);
        ManagerSettings s = configuration.settings();
        // Before anything reads the folders, whether or not the configuration is valid: a restore cut off by a
        // crash is finished or rolled back, on the manager's own thread, while the gate refuses operations.
        Set<Path> liveFolders = CutOffRestoreRecovery.liveFolders(ConfigurationState.sourceEntries(properties),
                context::getProperty);
        liveFolders.addAll(s.sources().values());
        this.recovery = new CutOffRestoreRecovery(gate, liveFolders, RestoreJournalFolders::recoverAll,
                creationExecutor);
        recovery.start();
        creationExecutor.execute(() -> new StagingDirectory(s.stagingDirectory()).removeLeftovers());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configuration.apply(properties);
    }

    @Deactivate
    void deactivate() {
        UploadRun run = activeUploads.get();
        if (run != null) {
            run.cancelAll("The backup manager stopped during the upload");
        }
        creationExecutor.shutdownNow();
        participantExecutor.shutdownNow();
        agentExecutor.shutdownNow();
        // A manager activated again must not clean the staging folder while this one's backup still writes to it.
        try {
            if (!creationExecutor.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The backup manager stopped, but its backup thread did not end within {} s (a participant"
                        + " or an agent ignores interruption); it may still write to the staging folder.",
                        STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAgent(BackupAgent agent, ServiceReference<BackupAgent> ref) {
        agents.add(agent, serviceId(ref), ranking(ref), ref.getBundle().getSymbolicName());
        configuration.agentAdded(serviceId(ref), ref.getProperty(ConfigurationState.AGENT_FOLDER_PROPERTY));
    }

    void removeAgent(BackupAgent agent, ServiceReference<BackupAgent> ref) {
        agents.remove(serviceId(ref));
        configuration.agentRemoved(serviceId(ref));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addParticipant(BackupParticipant participant, ServiceReference<BackupParticipant> ref) {
        participants.add(participant, serviceId(ref), ranking(ref), ref.getBundle().getSymbolicName());
    }

    void removeParticipant(BackupParticipant participant, ServiceReference<BackupParticipant> ref) {
        participants.remove(serviceId(ref));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin eventAdmin) {
        events.setEventAdmin(eventAdmin);
    }

    void unsetEventAdmin(EventAdmin eventAdmin) {
        events.unsetEventAdmin(eventAdmin);
    }

    @Override
    public BackupJob create(BackupRequest request) throws BackupException {
        Objects.requireNonNull(request, "request");
        ManagerSettings s = configuration.forNewBackup();
        CreationPlanner.PlannedBackup planned = creationPlanner.plan(request, s);
        BackupPlan plan = planned.plan();
        Optional<Password> password = plan.password();
        BackupCreation.Services services = new BackupCreation.Services(participantExecutor, agentExecutor, events,
                failedUploads, runtimeVersion, activeUploads::set);
        OperationGate.Pass pass = enter(OperationGate.Kind.CREATE, plan.id(), "backup '" + plan.name() + "' ("
                + plan.id() + ") is being made", password);
        BackupCreation creation = BackupCreation.of(plan, services, () -> {
            activeJob.set(null);
            gate.leave(pass);
        });
        creation.warn(planned.warnings());
        activeJob.set(creation.job());
        try {
            creationExecutor.execute(creation);
        } catch (RejectedExecutionException e) {
            activeJob.set(null);
            gate.leave(pass);
            password.ifPresent(Password::wipe);
            throw new BackupException("The backup manager is stopping; try again when it has restarted.");
        }
        return creation.job();
    }

    @Override
    public Optional<BackupJob> activeJob() {
        return Optional.ofNullable(activeJob.get());
    }

    @Override
    public BackupListing list() {
        return catalogue.list();
    }

    @Override
    public Backup get(String backupId) throws BackupNotFoundException {
        return catalogue.get(backupId);
    }

    @Override
    public InputStream download(String backupId, String agentId) throws BackupException {
        return catalogue.download(backupId, agentId);
    }

    @Override
    public InputStream download(String backupId, String agentId, char[] password) throws BackupException {
        return catalogue.download(backupId, agentId, password);
    }

    @Override
    public RestoreResult restore(String backupId, RestoreOptions options) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        Objects.requireNonNull(options, "options");
        ManagerSettings s = configuration.settings();
        BackupCopy copy = catalogue.copy(backupId, options.agentId().orElse(null));
        if (options.target().isPresent()) {
            // Writes nowhere live and calls no participant, so it runs beside other operations, like a download.
            return new TargetRestore(copy.agent().id(), copy.metadata(), options, s.sources().values(),
                    catalogue::download).run();
        }
        BackupRestore.Plan plan = restorePlanner.plan(copy.agent(), copy.metadata(), options, s);
        Optional<Password> password = plan.password();
        OperationGate.Pass pass = enter(OperationGate.Kind.RESTORE, backupId, "backup " + backupId
                + " is being restored", password);
        try {
            if (!options.paths().isEmpty()) {
                ChosenPaths.requireEachMatches(copy.agent().id(), copy.metadata(), options, catalogue::download);
            }
            return new BackupRestore(plan, new BackupRestore.Services(participantExecutor,
                    new ParticipantCalls(participantExecutor, s.participantTimeout()), events,
                    AgeDecryptingInputStream.DEFAULT_MAX_LOG_N)).run();
        } finally {
            password.ifPresent(Password::wipe);
            gate.leave(pass);
        }
    }

    @Override
    public void delete(String backupId, Set<String> agentIds) throws BackupException {
        catalogue.delete(backupId, agentIds);
    }

    @Override
    public List<AgentInfo> agents() {
        return agents.all().stream().map(TrackedAgent::info).toList();
    }

    @Override
    public List<String> contents() {
        return creationPlanner.contents(configuration.settings());
    }

    @Override
    public ManagerState state() {
        return gate.state();
    }

    @Override
    public List<ParticipantInfo> participants() {
        return participants.roster(configuration.settings().sources().keySet()).infos();
    }

    /** Enters the gate; a refusal wipes the password and, when a recovery had failed, tries it again. */
    private OperationGate.Pass enter(OperationGate.Kind kind, String backupId, String description,
            Optional<Password> password) throws BackupBusyException {
        try {
            return gate.enter(kind, backupId, description);
        } catch (BackupBusyException e) {
            password.ifPresent(Password::wipe);
            recovery.retryIfFailed();
            throw e;
        }
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static String describeRuntime(BundleContext context) {
        StringBuilder sb = new StringBuilder("backup-core ").append(context.getBundle().getVersion());
        String karaf = context.getProperty("karaf.version");
        if (karaf != null) {
            sb.append(" on Apache Karaf ").append(karaf);
        } else {
            sb.append(" on ").append(context.getProperty(Constants.FRAMEWORK_VENDOR)).append(' ')
                    .append(context.getProperty(Constants.FRAMEWORK_VERSION));
        }
        return sb.toString();
    }
}
