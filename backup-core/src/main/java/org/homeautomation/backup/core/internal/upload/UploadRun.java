package org.homeautomation.backup.core.internal.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadResult;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.events.UploadProgressThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one archive to several agents at once, each on its own thread. Whatever one agent does (throws, fails with
 * an Error, is unregistered mid-upload) is recorded as that agent's result and touches no other upload.
 */
public final class UploadRun {
    private static final Logger LOG = LoggerFactory.getLogger(UploadRun.class);

    /** Makes the progress receiver of one upload. */
    @FunctionalInterface
    public interface ProgressFactory {
        /** @param agent the agent uploading @return its throttled progress receiver */
        UploadProgressThrottle forAgent(TrackedAgent agent);
    }

    /**
     * What one agent is given: the archive as it stores it (protected or not) and that archive's metadata.
     *
     * @param source the archive
     * @param metadata its metadata
     */
    public record Upload(BackupSource source, BackupMetadata metadata) {
    }

    private final ExecutorService executor;
    private final Function<TrackedAgent, Upload> uploads;
    private final BackupMetadata metadata;
    private final ProgressFactory progress;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    private record Running(TrackedAgent agent, CompletableFuture<UploadResult> result, Future<?> task) {
    }

    /**
     * @param executor runs one upload per task
     * @param source the archive
     * @param metadata its metadata
     * @param progress makes the progress receiver of each upload
     */
    public UploadRun(ExecutorService executor, BackupSource source, BackupMetadata metadata,
            ProgressFactory progress) {
        this(executor, agent -> new Upload(source, metadata), metadata, progress);
    }

    /**
     * @param executor runs one upload per task
     * @param uploads what each agent is given
     * @param metadata the backup's metadata, for what all its copies share (the id)
     * @param progress makes the progress receiver of each upload
     */
    public UploadRun(ExecutorService executor, Function<TrackedAgent, Upload> uploads, BackupMetadata metadata,
            ProgressFactory progress) {
        this.executor = executor;
        this.uploads = uploads;
        this.metadata = metadata;
        this.progress = progress;
    }

    /**
     * Starts the uploads.
     *
     * @param agents the agents to upload to
     * @return completes when every upload has a result, in the order of {@code agents}
     */
    public CompletableFuture<List<UploadResult>> start(List<TrackedAgent> agents) {
        List<CompletableFuture<UploadResult>> results = new ArrayList<>();
        for (TrackedAgent agent : agents) {
            CompletableFuture<UploadResult> result = new CompletableFuture<>();
            results.add(result);
            try {
                // Registered before the task can run, so that agentRemoved always finds it.
                synchronized (running) {
                    Future<?> task = executor.submit(() -> {
                        try {
                            result.complete(upload(agent));
                        } catch (VirtualMachineError e) {
                            result.complete(UploadResult.failed(agent.id(), "Agent '" + agent.id() + "' failed: " + e));
                            throw e;
                        }
                    });
                    running.put(agent.serviceId(), new Running(agent, result, task));
                }
            } catch (RejectedExecutionException e) {
                result.complete(UploadResult.failed(agent.id(), "The backup manager is stopping"));
            }
            result.whenComplete((r, t) -> running.remove(agent.serviceId()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
    }

    /**
     * An agent was unregistered: its upload, if running, fails now and its thread is interrupted. The agent's own
     * code may go on for a while; its late result is ignored.
     */
    public void agentRemoved(TrackedAgent agent) {
        Running r;
        synchronized (running) {
            r = running.get(agent.serviceId());
        }
        if (r != null && r.result.complete(UploadResult.failed(agent.id(), "Agent '" + agent.id()
                + "' was removed during the upload (its bundle stopped or its configuration was deleted)"))) {
            LOG.warn("Backup agent '{}' went away while uploading backup {}; its upload is marked failed.",
                    agent.id(), metadata.id());
            r.task.cancel(true);
        }
    }

    /** Fails every upload still running, for example because the manager stops. */
    public void cancelAll(String reason) {
        for (Running r : running.values()) {
            if (r.result.complete(UploadResult.failed(r.agent.id(), reason))) {
                r.task.cancel(true);
            }
        }
    }

    private UploadResult upload(TrackedAgent agent) {
        UploadProgressThrottle throttle = progress.forAgent(agent);
        try {
            LOG.debug("Uploading backup {} to agent '{}'", metadata.id(), agent.id());
            Upload upload = uploads.apply(agent);
            agent.agent().upload(upload.source(), upload.metadata(), throttle);
            throttle.completed();
            LOG.info("Backup {} uploaded to agent '{}'", metadata.id(), agent.id());
            return UploadResult.succeeded(agent.id());
        } catch (BackupAgentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("Upload of backup {} to agent '{}' failed: {}", metadata.id(), agent.id(), reason);
            LOG.debug("Upload failure details", e);
            return UploadResult.failed(agent.id(), reason);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // A defect of the agent, not of the manager: recorded against it, the other uploads go on.
            LOG.error("Backup agent '{}' of bundle {} failed unexpectedly while uploading backup {}. Report this to"
                    + " that bundle's authors.", agent.id(), agent.bundleSymbolicName(), metadata.id(), e);
            return UploadResult.failed(agent.id(), "Agent '" + agent.id() + "' failed unexpectedly: " + e);
        }
    }
}
