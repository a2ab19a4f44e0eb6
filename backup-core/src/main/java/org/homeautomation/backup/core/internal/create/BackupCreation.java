package org.homeautomation.backup.core.internal.create;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.security.SecureRandom;

import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupStage;
import org.homeautomation.backup.api.UploadResult;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.archive.ArchiveLayout;
import org.homeautomation.backup.core.internal.archive.ArchiveListener;
import org.homeautomation.backup.core.internal.archive.ArchiveSummary;
import org.homeautomation.backup.core.internal.archive.ProtectedArchive;
import org.homeautomation.backup.core.internal.config.ConfigurationSecrets;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.ArchiveWriter;
import org.homeautomation.backup.core.internal.archive.ContentSource;
import org.homeautomation.backup.core.internal.archive.PathExcluder;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.events.UploadProgressThrottle;
import org.homeautomation.backup.core.internal.participants.ParticipantCalls;
import org.homeautomation.backup.core.internal.participants.ParticipantFailure;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.homeautomation.backup.core.internal.upload.StagedArchive;
import org.homeautomation.backup.core.internal.upload.UploadRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one backup: participants' preBackup, the archive, participants' postBackup (always, for every participant
 * whose preBackup was called), then the uploads to every agent at once. The archive is written once, to staging, and
 * every agent reads it from there; staging is emptied whatever the outcome.
 */
public final class BackupCreation implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCreation.class);
    private static final long PROGRESS_INTERVAL_MILLIS = 1000;

    /** The manager's parts a backup uses. */
    public record Services(ExecutorService participantExecutor, ExecutorService uploadExecutor,
            EventPublisher events, FailedUploads failedUploads, String runtimeVersion,
            Consumer<UploadRun> uploadsStarted) {
    }

    private final BackupPlan plan;
    private final BackupJobHandle job;
    private final Services services;
    private final StagingDirectory staging;
    private final Runnable onFinished;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    /** The contents the archive holds, in its order: the sources, then the participants that wrote something. */
    private List<String> archivedContents = List.of();

    /**
     * @param plan what to do
     * @param services the manager's parts
     * @param onFinished runs when the backup has ended, before waiters learn the result, so that they can start
     *        the next one at once
     * @return the backup and its handle; run it on the manager's executor
     */
    public static BackupCreation of(BackupPlan plan, Services services, Runnable onFinished) {
        return new BackupCreation(plan, new BackupJobHandle(plan.id(), plan.name()), services, onFinished);
    }

    private BackupCreation(BackupPlan plan, BackupJobHandle job, Services services, Runnable onFinished) {
        this.plan = plan;
        this.job = job;
        this.services = services;
        this.onFinished = onFinished;
        this.staging = new StagingDirectory(plan.settings().stagingDirectory());
    }

    /**
     * Records warnings known before the backup starts (participants that will not take part) for its result, and
     * logs them as the backup's other warnings are.
     *
     * @param known the warnings, for people
     */
    public void warn(List<String> known) {
        known.forEach(w -> LOG.warn("Backup {}: {}", plan.id(), w));
        warnings.addAll(known);
    }

    /** @return the handle callers wait on */
    public BackupJobHandle job() {
        return job;
    }

    @Override
    public void run() {
        BackupResult result = null;
        Throwable unexpected = null;
        try {
            result = create();
        } catch (RuntimeException | LinkageError e) {
            unexpected = e;
            LOG.error("Backup {} failed unexpectedly. This is a defect of the backup manager.", plan.id(), e);
            try {
                result = BackupResult.failed(plan.id(), "Unexpected failure: " + e, warnings);
                stage(BackupStage.FAILED, result.failureReason().orElse(null), List.of());
            } catch (RuntimeException | LinkageError again) {
                // The API bundle itself may be gone (refreshed mid-backup): the job still ends, exceptionally.
                e.addSuppressed(again);
            }
        } finally {
            plan.password().ifPresent(Password::wipe);
            staging.delete(plan.id());
            onFinished.run();
        }
        if (result != null) {
            job.complete(result);
        } else {
            job.completeExceptionally(unexpected);
        }
    }

    private BackupResult create() {
        LOG.info("Creating backup '{}' ({}) for agents {}", plan.name(), plan.id(),
                plan.agents().stream().map(a -> a.id()).toList());
        Path workDir;
        try {
            workDir = staging.create(plan.id());
        } catch (IOException e) {
            return failed("Could not create the staging folder " + staging.root().resolve(plan.id()) + ": "
                    + describe(e) + ". Check stagingDirectory and the free space there.");
        }

        List<TrackedParticipant> called = new ArrayList<>();
        Map<String, BackupContext> contexts = new LinkedHashMap<>();
        ParticipantCalls calls = new ParticipantCalls(services.participantExecutor(),
                plan.settings().participantTimeout());
        String failure = null;
        ArchiveSummary summary = null;
        Path archive = workDir.resolve(plan.id() + ".tar");
        try {
            stage(BackupStage.PRE_BACKUP, null, List.of());
            for (TrackedParticipant p : plan.participants()) {
                Path dir = workDir.resolve("participants").resolve(p.id());
                java.nio.file.Files.createDirectories(dir);
                BackupContext context = new ParticipantContext(plan.id(), plan.name(), dir);
                contexts.put(p.id(), context);
                called.add(p);
                calls.preBackup(p, context);
            }
            stage(BackupStage.ARCHIVING, null, List.of());
            summary = writeArchive(archive, workDir);
            summary.warnings().forEach(w -> {
                LOG.warn("Backup {}: {}", plan.id(), w);
                warnings.add(w);
            });
        } catch (ParticipantFailure e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "Could not write the archive of backup " + plan.id() + " to " + archive + ": " + describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "The backup manager stopped while backup " + plan.id() + " was being made";
        }

        // Published also without participants, so that listeners always see the same sequence of stages.
        stage(BackupStage.POST_BACKUP, null, List.of());
        if (!called.isEmpty()) {
            BackupOutcome outcome = failure == null ? BackupOutcome.succeeded() : BackupOutcome.failed(failure);
            List<TrackedParticipant> reversed = new ArrayList<>(called);
            Collections.reverse(reversed);
            for (TrackedParticipant p : reversed) {
                try {
                    calls.postBackup(p, contexts.get(p.id()), outcome);
                } catch (ParticipantFailure e) {
                    LOG.warn("Backup {}: {}", plan.id(), e.getMessage());
                    failure = Objects.requireNonNullElse(failure, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = Objects.requireNonNullElse(failure, "The backup manager stopped while backup "
                            + plan.id() + " was being made");
                }
            }
        }
        if (failure != null) {
            return failed(failure);
        }
        return upload(archive, summary);
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private ArchiveSummary writeArchive(Path archive, Path workDir) throws IOException {
        List<ContentSource> contents = new ArrayList<>();
        PathExcluder excluder = PathExcluder.of(plan.settings().excludes(), plan.settings().alwaysExcluded());
        plan.sources().forEach((name, root) -> contents.add(new ContentSource(name, root, excluder)));
        for (TrackedParticipant p : plan.participants()) {
            Path written = workDir.resolve("participants").resolve(p.id());
            // A participant that only pauses writes leaves its folder empty: no empty content in every archive.
            if (isEmptyFolder(written)) {
                LOG.debug("Backup {}: participant '{}' wrote nothing, so the archive has no content of that name",
                        plan.id(), p.id());
            } else {
                contents.add(new ContentSource(p.id(), written, PathExcluder.none()));
            }
        }
        archivedContents = contents.stream().map(ContentSource::name).toList();
        ArchiveManifest manifest = new ArchiveManifest(plan.id(), plan.name(), plan.createdAt(), false,
                BackupMetadata.CURRENT_FORMAT_VERSION, services.runtimeVersion(), archivedContents, plan.extras());
        ArchiveWriter writer = new ArchiveWriter(plan.settings().compressionLevel(),
                plan.settings().compressionWorkers(), plan.settings().unreadableFiles());
        List<String> unprotectedOn = plan.agents().stream().filter(a -> !isProtectedOn(a) || plan.password()
                .isEmpty()).map(TrackedAgent::id).toList();
        ConfigurationSecrets secrets = ConfigurationSecrets.withMetaType(plan.sources());
        ArchiveSummary summary = writer.write(archive, manifest, contents,
                unprotectedOn.isEmpty() ? ArchiveListener.NONE : secrets);
        secrets.warnings(unprotectedOn).forEach(w -> {
            LOG.warn("Backup {}: {}", plan.id(), w);
            warnings.add(w);
        });
        return summary;
    }

    private BackupResult upload(Path archive, ArchiveSummary summary) {
        BackupMetadata.Builder builder = BackupMetadata.builder().id(plan.id()).name(plan.name())
                .createdAt(plan.createdAt()).size(summary.size()).sha256(summary.sha256Hex())
                .runtimeVersion(services.runtimeVersion());
        archivedContents.forEach(builder::addContent);
        plan.extras().forEach(builder::extra);
        BackupMetadata metadata = builder.build();
        UploadRun.Upload clear = new UploadRun.Upload(new StagedArchive(archive, summary.size()), metadata);

        ProtectedArchive protectedArchive = null;
        UploadRun.Upload encrypted = null;
        try {
            if (plan.password().isPresent() && plan.agents().stream().anyMatch(this::isProtectedOn)) {
                protectedArchive = new ProtectedArchive(ArchiveLayout.read(archive), plan.password().get().chars(),
                        ProtectedArchive.DEFAULT_WORK_FACTOR, new SecureRandom());
                encrypted = new UploadRun.Upload(protectedArchive, metadata.toBuilder().protectedBackup(true)
                        .size(protectedArchive.size()).sha256(protectedArchive.sha256Hex()).build());
            }
        } catch (IOException e) {
            return failed("Could not encrypt backup " + plan.id() + " from " + archive + ": " + describe(e));
        } finally {
            plan.password().ifPresent(Password::wipe);
        }
        try (ProtectedArchive toClose = protectedArchive) {
            UploadRun.Upload forProtected = encrypted;
            return upload(agent -> forProtected != null && isProtectedOn(agent) ? forProtected : clear,
                    encrypted != null && plan.agents().stream().allMatch(this::isProtectedOn) ? encrypted.metadata()
                            : metadata);
        }
    }

    private boolean isProtectedOn(TrackedAgent agent) {
        return !plan.settings().unprotectedAgents().contains(agent.id());
    }

    private BackupResult upload(Function<TrackedAgent, UploadRun.Upload> uploads, BackupMetadata metadata) {
        stage(BackupStage.UPLOADING, null, List.of());
        UploadRun run = new UploadRun(services.uploadExecutor(), uploads, metadata,
                agent -> new UploadProgressThrottle(uploads.apply(agent).source().size(), PROGRESS_INTERVAL_MILLIS,
                        System::nanoTime,
                        (uploaded, total) -> services.events().progress(plan.id(), agent.id(), uploaded, total)));
        services.uploadsStarted().accept(run);
        List<UploadResult> results;
        try {
            results = run.start(plan.agents()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancelAll("The backup manager stopped during the upload");
            results = plan.agents().stream().map(a -> UploadResult.failed(a.id(),
                    "The backup manager stopped during the upload")).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Uploads never fail as a whole", e);
        } finally {
            services.uploadsStarted().accept(null);
        }

        Map<String, String> failures = new LinkedHashMap<>();
        results.stream().filter(r -> !r.isSuccess())
                .forEach(r -> failures.put(r.agentId(), r.failureReason().orElse("failed")));
        services.failedUploads().record(metadata, failures);
        BackupResult result = BackupResult.archived(metadata, results, warnings);
        List<String> failedAgents = List.copyOf(failures.keySet());
        if (result.status() == BackupResult.Status.FAILED) {
            String reason = "No agent could store backup " + plan.id() + ": " + String.join("; ", failures.values());
            LOG.error("Backup '{}' ({}) failed: {}", plan.name(), plan.id(), reason);
            stage(BackupStage.FAILED, reason, failedAgents);
        } else {
            if (failures.isEmpty()) {
                LOG.info("Backup '{}' ({}) completed: {} bytes on {}", plan.name(), plan.id(), metadata.size(),
                        results.stream().map(UploadResult::agentId).toList());
            } else {
                LOG.warn("Backup '{}' ({}) completed, but these agents failed to store it: {}", plan.name(),
                        plan.id(), failures);
            }
            stage(BackupStage.COMPLETED, null, failedAgents);
        }
        return result;
    }

    private BackupResult failed(String reason) {
        LOG.error("Backup '{}' ({}) failed: {}", plan.name(), plan.id(), reason);
        stage(BackupStage.FAILED, reason, List.of());
        return BackupResult.failed(plan.id(), reason, warnings);
    }

    private void stage(BackupStage stage, String reason, List<String> failedAgents) {
        services.events().stage(plan.id(), plan.name(), stage, reason, failedAgents);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            m = fse.getReason() + (fse.getFile() == null ? "" : " (" + fse.getFile() + ")");
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private record ParticipantContext(String backupId, String backupName, Path stagingDirectory)
            implements BackupContext {
    }
}
