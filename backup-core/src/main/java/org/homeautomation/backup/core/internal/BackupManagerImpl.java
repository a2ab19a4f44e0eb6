package org.homeautomation.backup.core.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.core.internal.archive.PathExcluder;
import org.homeautomation.backup.core.internal.archive.ForeignArchiveException;
import org.homeautomation.backup.core.internal.archive.UnprotectedArchiveStream;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.participants.ParticipantCalls;
import org.homeautomation.backup.core.internal.restore.BackupRestore;
import org.homeautomation.backup.core.internal.restore.RestoreJournalFolders;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.UnknownAgentException;
import org.homeautomation.backup.core.internal.agents.AgentCalls;
import org.homeautomation.backup.core.internal.agents.AgentRegistry;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.config.BackupConfiguration;
import org.homeautomation.backup.core.internal.config.ConfigurationState;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.create.BackupCreation;
import org.homeautomation.backup.core.internal.create.BackupIds;
import org.homeautomation.backup.core.internal.create.BackupPlan;
import org.homeautomation.backup.core.internal.create.FailedUploads;
import org.homeautomation.backup.core.internal.create.StagingDirectory;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.participants.ParticipantRegistry;
import org.homeautomation.backup.core.internal.participants.ParticipantRoster;
import org.homeautomation.backup.core.internal.gate.CutOffRestoreRecovery;
import org.homeautomation.backup.core.internal.gate.OperationGate;
import org.homeautomation.backup.api.ParticipantInfo;
import java.util.concurrent.TimeUnit;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.homeautomation.backup.core.internal.status.DataArea;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;
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
        List<TrackedAgent> targets = selectAgents(request.agentIds());
        ParticipantRoster roster = participants.roster(s.sources().keySet());
        Map<String, TrackedParticipant> available = roster.available();
        Set<String> contents = request.contents().isEmpty() ? allContents(s, available)
                : new LinkedHashSet<>(request.contents());
        if (contents.isEmpty()) {
            throw new BackupException("There is nothing to back up: no source folder is configured (key 'sources' of "
                    + BackupConfiguration.PID + ") and no participant is registered.");
        }
        for (String c : contents) {
            if (!s.sources().containsKey(c) && !available.containsKey(c)) {
                throw new BackupException("There is no content '" + c + "'. Available: "
                        + String.join(", ", allContents(s, available)) + ".");
            }
        }
        Map<String, Path> sources = new LinkedHashMap<>();
        s.sources().forEach((name, path) -> {
            if (contents.contains(name)) {
                sources.put(name, path);
            }
        });
        List<TrackedParticipant> chosen = available.values().stream().filter(p -> contents.contains(p.id()))
                .toList();

        Instant now = Instant.now();
        char[] given = request.password().orElse(null);
        Optional<Password> password = Password.of(given);
        if (given != null) {
            java.util.Arrays.fill(given, '\0');
        }
        BackupPlan plan = new BackupPlan(BackupIds.newId(now), request.name(), now, targets, sources, chosen, s,
                request.extras(), password);
        BackupCreation.Services services = new BackupCreation.Services(participantExecutor, agentExecutor, events,
                failedUploads, runtimeVersion, activeUploads::set);
        OperationGate.Pass pass = enter(OperationGate.Kind.CREATE, plan.id(), "backup '" + plan.name() + "' ("
                + plan.id() + ") is being made", password);
        BackupCreation creation = BackupCreation.of(plan, services, () -> {
            activeJob.set(null);
            gate.leave(pass);
        });
        creation.warn(roster.warnings());
        roster.warnings().forEach(w -> LOG.warn("Backup {}: {}", plan.id(), w));
        activeJob.set(creation.job());
        try {
            creationExecutor.execute(creation);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            activeJob.set(null);
            gate.leave(pass);
            password.ifPresent(Password::wipe);
            throw new BackupException("The backup manager is stopping; try again when it has restarted.");
        }
        return creation.job();
    }

    private List<TrackedAgent> selectAgents(Set<String> ids) throws BackupException {
        if (ids.isEmpty()) {
            List<TrackedAgent> all = agents.all();
            if (all.isEmpty()) {
                throw new BackupException("No backup agent is registered, so a backup could not be stored anywhere."
                        + " Install backup-agent-local or configure another agent.");
            }
            return all;
        }
        List<TrackedAgent> selected = new ArrayList<>();
        for (String id : ids) {
            selected.add(requireAgent(id));
        }
        return selected;
    }

    private TrackedAgent requireAgent(String id) throws UnknownAgentException {
        return agents.get(id).orElseThrow(() -> new UnknownAgentException(id, "There is no backup agent '" + id
                + "'. Registered agents: " + (agents.all().isEmpty() ? "none"
                        : String.join(", ", agents.all().stream().map(TrackedAgent::id).toList())) + "."));
    }

    private static Set<String> allContents(ManagerSettings s, Map<String, TrackedParticipant> participants) {
        Set<String> all = new LinkedHashSet<>(s.sources().keySet());
        all.addAll(participants.keySet());
        return all;
    }

    @Override
    public Optional<BackupJob> activeJob() {
        return Optional.ofNullable(activeJob.get());
    }

    @Override
    public BackupListing list() {
        List<TrackedAgent> all = agents.all();
        Map<String, CompletableFuture<List<BackupMetadata>>> lists = new LinkedHashMap<>();
        for (TrackedAgent a : all) {
            lists.put(a.id(), supply(() -> AgentCalls.call(a, "listing backups", () -> a.agent().list())));
        }
        Map<String, BackupMetadata> metadata = new TreeMap<>();
        Map<String, Map<String, BackupMetadata>> copies = new TreeMap<>();
        Map<String, String> errors = new TreeMap<>();
        lists.forEach((agentId, future) -> {
            try {
                for (BackupMetadata m : future.join()) {
                    metadata.putIfAbsent(m.id(), m);
                    copies.computeIfAbsent(m.id(), k -> new TreeMap<>()).put(agentId, m);
                }
            } catch (java.util.concurrent.CompletionException e) {
                Throwable failure = e.getCause() == null ? e : e.getCause();
                String reason = listFailure(agentId, failure);
                if (failure instanceof BackupAgentException) {
                    LOG.warn("Could not list the backups of agent '{}': {}", agentId, reason);
                } else {
                    // Not the agent's report of a problem but a defect or an Error: its stack shows where.
                    LOG.warn("Could not list the backups of agent '{}': {}", agentId, reason, failure);
                }
                errors.put(agentId, reason);
            }
        });
        failedUploads.all().forEach((id, entry) -> metadata.putIfAbsent(id, entry.metadata()));
        List<Backup> backups = new ArrayList<>();
        metadata.forEach((id, m) -> backups.add(Backup.builder().metadata(m)
                .copies(copies.getOrDefault(id, Map.of()))
                .failedAgents(failedUploads.get(id).map(FailedUploads.Entry::failures).orElse(Map.of()))
                .build()));
        backups.sort(Comparator.comparing((Backup b) -> b.metadata().createdAt()).reversed()
                .thenComparing(Backup::id));
        return BackupListing.of(backups, errors);
    }

    /**
     * Why an agent's list failed, for people: never "null". An {@link Error} (a stack overflow has no message) is
     * named by its class.
     */
    private static String listFailure(String agentId, Throwable failure) {
        String message = failure.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        return "Agent '" + agentId + "' failed while listing backups: " + failure.getClass().getName()
                + " (no message; see the log)";
    }

    @Override
    public Backup get(String backupId) throws BackupNotFoundException {
        Identifiers.requireValidBackupId(backupId);
        BackupMetadata found = null;
        Map<String, BackupMetadata> copies = new TreeMap<>();
        for (TrackedAgent a : agents.all()) {
            try {
                BackupMetadata m = metadataOn(a, backupId);
                found = found == null ? m : found;
                copies.put(a.id(), m);
            } catch (BackupNotFoundException e) {
                // not on this agent
            } catch (BackupAgentException e) {
                LOG.warn("Could not ask agent '{}' for backup {}: {}", a.id(), backupId, e.getMessage());
            }
        }
        Optional<FailedUploads.Entry> failures = failedUploads.get(backupId);
        if (found == null && failures.isEmpty()) {
            throw new BackupNotFoundException(backupId, "There is no backup " + backupId + " on any agent.");
        }
        return Backup.builder().metadata(found != null ? found : failures.get().metadata()).copies(copies)
                .failedAgents(failures.map(FailedUploads.Entry::failures).orElse(Map.of())).build();
    }

    @Override
    public InputStream download(String backupId, String agentId) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        if (agentId != null) {
            return open(copyOn(requireAgent(agentId), backupId));
        }
        List<String> problems = new ArrayList<>();
        for (TrackedAgent a : agents.all()) {
            try {
                return open(copyOn(a, backupId));
            } catch (BackupNotFoundException e) {
                // try the next agent
            } catch (BackupAgentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            throw new BackupNotFoundException(backupId, "There is no backup " + backupId + " on any agent.");
        }
        throw new BackupException("Could not download backup " + backupId + ": " + String.join("; ", problems));
    }

    /** A backup as one agent holds it. */
    private record Copy(TrackedAgent agent, BackupMetadata metadata) {
    }

    private static Copy copyOn(TrackedAgent a, String backupId) throws BackupAgentException {
        return new Copy(a, metadataOn(a, backupId));
    }

    /**
     * @return the metadata of the agent's copy of the backup
     * @throws BackupAgentException when the agent failed, or answered with nothing or with another backup: agents are
     *         third-party code, and a {@link Backup} refuses a copy of another backup
     */
    private static BackupMetadata metadataOn(TrackedAgent a, String backupId) throws BackupAgentException {
        BackupMetadata m = AgentCalls.call(a, "reading backup " + backupId, () -> a.agent().get(backupId));
        if (m == null || !m.id().equals(backupId)) {
            throw new BackupAgentException("Agent '" + a.id() + "' (bundle " + a.bundleSymbolicName()
                    + ") answered the request for backup " + backupId + " with "
                    + (m == null ? "nothing" : "backup " + m.id()) + "; its answer is ignored. The agent is defective:"
                    + " report this to the maker of bundle " + a.bundleSymbolicName() + ".");
        }
        return m;
    }

    /** @return the copy's archive, checked against its size and digest at the end of the stream */
    private static InputStream open(Copy copy) throws BackupAgentException {
        TrackedAgent a = copy.agent();
        String backupId = copy.metadata().id();
        InputStream in = AgentCalls.call(a, "opening backup " + backupId, () -> a.agent().download(backupId));
        return new DigestCheckingInputStream(in, copy.metadata().sha256(), copy.metadata().size(),
                "backup " + backupId + " from agent '" + a.id() + "'");
    }

    @Override
    public InputStream download(String backupId, String agentId, char[] password) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        if (password == null || password.length == 0) {
            return download(backupId, agentId);
        }
        Copy copy = agentId != null ? copyOn(requireAgent(agentId), backupId) : firstCopy(backupId);
        InputStream in = open(copy);
        if (!copy.metadata().isProtected()) {
            return in;
        }
        try {
            return UnprotectedArchiveStream.open(in, backupId, password, AgeDecryptingInputStream.DEFAULT_MAX_LOG_N);
        } catch (WrongPassphraseException e) {
            throw new IncorrectPasswordException("The password does not open backup " + backupId + ".");
        } catch (ForeignArchiveException e) {
            throw new BackupException("Backup " + backupId + " on agent '" + copy.agent().id() + "' is damaged: "
                    + e.getMessage() + ". Download the copy of another agent if one holds it.", e);
        } catch (java.io.IOException e) {
            throw new BackupException("Could not decrypt backup " + backupId + " from agent '" + copy.agent().id()
                    + "': " + e.getMessage(), e);
        }
    }

    /** @return the backup on the first agent, by id, that holds it */
    private Copy firstCopy(String backupId) throws BackupException {
        List<String> problems = new ArrayList<>();
        for (TrackedAgent a : agents.all()) {
            try {
                return copyOn(a, backupId);
            } catch (BackupNotFoundException e) {
                // try the next agent
            } catch (BackupAgentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            throw new BackupNotFoundException(backupId, "There is no backup " + backupId + " on any agent.");
        }
        throw new BackupException("Could not read backup " + backupId + ": " + String.join("; ", problems));
    }

    @Override
    public RestoreResult restore(String backupId, RestoreOptions options) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        Objects.requireNonNull(options, "options");
        ManagerSettings s = configuration.settings();
        Copy copy = options.agentId().isPresent() ? copyOn(requireAgent(options.agentId().get()), backupId)
                : firstCopy(backupId);
        TrackedAgent agent = copy.agent();
        BackupMetadata metadata = copy.metadata();
        if (metadata.formatVersion() > BackupMetadata.CURRENT_FORMAT_VERSION) {
            throw new BackupException("Backup " + backupId + " was made with archive format version "
                    + metadata.formatVersion() + "; this backup manager reads versions up to "
                    + BackupMetadata.CURRENT_FORMAT_VERSION + ". Update the backup bundles to restore it.");
        }
        Optional<Password> password = Password.of(options.password().orElse(null));
        if (metadata.isProtected() && password.isEmpty()) {
            throw new IncorrectPasswordException("Backup " + backupId + " on agent '" + agent.id()
                    + "' is protected; give its password to restore it.");
        }
        List<String> contents = options.contents().isEmpty() ? metadata.contents()
                : metadata.contents().stream().filter(options.contents()::contains).toList();
        for (String c : options.contents()) {
            if (!metadata.contents().contains(c)) {
                throw new BackupException("Backup " + backupId + " has no content '" + c + "'. Its contents: "
                        + String.join(", ", metadata.contents()) + ".");
            }
        }
        Map<String, TrackedParticipant> available = participants.roster(s.sources().keySet()).available();
        Map<String, Path> folders = new LinkedHashMap<>();
        Map<String, TrackedParticipant> contentParticipants = new LinkedHashMap<>();
        for (String c : contents) {
            if (s.sources().containsKey(c)) {
                folders.put(c, s.sources().get(c));
            } else if (available.containsKey(c)) {
                contentParticipants.put(c, available.get(c));
            } else {
                throw new BackupException("Content '" + c + "' of backup " + backupId + " has nowhere to go: no"
                        + " source folder of that name is configured (key 'sources' of " + BackupConfiguration.PID
                        + ") and no participant of that id is registered. Restore the other contents with"
                        + " --content, or configure it.");
            }
        }
        BackupRestore.Plan plan = new BackupRestore.Plan(metadata, agent, contents, folders,
                PathExcluder.of(s.excludes(), s.alwaysExcluded()), participants.inRunOrder(),
                contentParticipants, s.stagingDirectory(), password);
        OperationGate.Pass pass = enter(OperationGate.Kind.RESTORE, backupId, "backup " + backupId
                + " is being restored", password);
        try {
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
        Identifiers.requireValidBackupId(backupId);
        List<TrackedAgent> targets = agentIds.isEmpty() ? agents.all() : new ArrayList<>();
        for (String id : agentIds) {
            targets.add(requireAgent(id));
        }
        int deleted = 0;
        List<String> problems = new ArrayList<>();
        for (TrackedAgent a : targets) {
            try {
                AgentCalls.call(a, "deleting backup " + backupId, () -> {
                    a.agent().delete(backupId);
                    return null;
                });
                deleted++;
                LOG.info("Deleted backup {} from agent '{}'", backupId, a.id());
            } catch (BackupNotFoundException e) {
                // nothing to delete there
            } catch (BackupAgentException e) {
                problems.add(e.getMessage());
            }
        }
        boolean remembered = failedUploads.get(backupId).isPresent();
        if (agentIds.isEmpty() && problems.isEmpty()) {
            failedUploads.forget(backupId);
        }
        if (!problems.isEmpty()) {
            throw new BackupException("Could not delete backup " + backupId + " everywhere: "
                    + String.join("; ", problems));
        }
        if (deleted == 0 && !(agentIds.isEmpty() && remembered)) {
            throw new BackupNotFoundException(backupId, "There is no backup " + backupId
                    + (agentIds.isEmpty() ? " on any agent." : " on agents " + agentIds + "."));
        }
    }

    @Override
    public List<AgentInfo> agents() {
        return agents.all().stream().map(TrackedAgent::info).toList();
    }

    @Override
    public List<String> contents() {
        ManagerSettings s = configuration.settings();
        return List.copyOf(allContents(s, participants.roster(s.sources().keySet()).available()));
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

    private <T> CompletableFuture<T> supply(AgentCalls.Call<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (BackupAgentException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, agentExecutor);
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
