package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.PathExcluder;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.create.BackupCreation;
import org.homeautomation.backup.core.internal.create.BackupIds;
import org.homeautomation.backup.core.internal.create.BackupPlan;
import org.homeautomation.backup.core.internal.create.FailedUploads;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.participants.ParticipantCalls;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.homeautomation.backup.core.internal.paths.PathSelection;

/**
 * Makes real backups with {@link BackupCreation} into a {@link MemoryAgent} and restores them with
 * {@link BackupRestore}, wired as the manager wires them, without OSGi.
 */
final class RestoreBench implements AutoCloseable {
    private static final Duration PARTICIPANT_TIMEOUT = Duration.ofSeconds(60);

    final MemoryAgent agent = new MemoryAgent("nas");
    final TrackedAgent trackedAgent;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private long serviceIds;

    RestoreBench() {
        trackedAgent = new TrackedAgent(agent.id(), agent.name(), "test.bundle", 0, ++serviceIds, agent);
    }

    TrackedParticipant participant(BackupParticipant p, int ranking) {
        return new TrackedParticipant(p.id(), ranking, ++serviceIds, p);
    }

    /**
     * Makes a backup and returns its metadata as the agent holds it.
     *
     * @param password null for an unprotected backup
     */
    BackupMetadata backup(Map<String, Path> sources, List<String> excludes, Path staging,
            List<TrackedParticipant> participants, String password) throws Exception {
        ManagerSettings settings = new ManagerSettings(new LinkedHashMap<>(sources), excludes, staging, 3, 1,
                PARTICIPANT_TIMEOUT, UnreadableFilePolicy.FAIL, Set.of());
        Instant now = Instant.now();
        BackupPlan plan = new BackupPlan(BackupIds.newId(now), "restore test", now, List.of(trackedAgent),
                settings.sources(), participants, settings, Map.of("origin", "test"),
                Password.of(password == null ? null : password.toCharArray()));
        BackupCreation creation = BackupCreation.of(plan, new BackupCreation.Services(executor, executor,
                new EventPublisher(), new FailedUploads(10), "test runtime", run -> {
                }), () -> {
                });
        executor.execute(creation);
        BackupResult result = creation.job().completion().toCompletableFuture().get(300, TimeUnit.SECONDS);
        assertEquals(BackupResult.Status.SUCCEEDED, result.status(), result.toString());
        return agent.get(result.backupId());
    }

    /** What one restore is asked to do; built up by the test. */
    final class Restore {
        private final BackupMetadata metadata;
        private final Map<String, Path> folders = new LinkedHashMap<>();
        private final List<String> contents = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();
        private final List<TrackedParticipant> participants = new ArrayList<>();
        private final Path staging;
        private String password;
        private List<String> paths = List.of();

        private Restore(BackupMetadata metadata, Path staging) {
            this.metadata = metadata;
            this.staging = staging;
        }

        /** Restores content {@code name} into the live folder {@code live}. */
        Restore folder(String name, Path live) {
            folders.put(name, live);
            contents.add(name);
            return this;
        }

        /** Restores a participant's content. */
        Restore participantContent(String name) {
            contents.add(name);
            return this;
        }

        /** Registers a participant, whether or not its content is restored. */
        Restore participant(TrackedParticipant p) {
            participants.add(p);
            return this;
        }

        Restore excludes(String... globs) {
            excludes.addAll(List.of(globs));
            return this;
        }

        /** Restores only these paths (content/path globs), keeping the rest of the live folders, as the planner does. */
        Restore paths(String... globs) {
            paths = List.of(globs);
            return this;
        }

        Restore password(String password) {
            this.password = password;
            return this;
        }

        /** Runs the restore as the manager would: contents in archive order, the staging folder excluded. */
        RestoreResult run() throws BackupException {
            List<String> ordered = metadata.contents().stream().filter(contents::contains).toList();
            Map<String, TrackedParticipant> contentParticipants = new LinkedHashMap<>();
            for (TrackedParticipant p : participants) {
                if (ordered.contains(p.id()) && !folders.containsKey(p.id())) {
                    contentParticipants.put(p.id(), p);
                }
            }
            List<TrackedParticipant> inRunOrder = participants.stream().sorted(TrackedParticipant.RUN_ORDER)
                    .toList();
            PathExcluder kept = PathExcluder.of(excludes, List.of(staging));
            if (!paths.isEmpty()) {
                kept = kept.excluding(PathSelection.of(paths)::keepsWhole);
            }
            BackupRestore.Plan plan = new BackupRestore.Plan(metadata, trackedAgent, ordered, folders, kept,
                    inRunOrder, contentParticipants, staging,
                    Password.of(password == null ? null : password.toCharArray()));
            return new BackupRestore(plan, new BackupRestore.Services(executor, new ParticipantCalls(executor,
                    PARTICIPANT_TIMEOUT), new EventPublisher(), AgeDecryptingInputStream.DEFAULT_MAX_LOG_N)).run();
        }
    }

    /** Starts describing a restore of {@code metadata} that fetches into {@code staging}. */
    Restore restore(BackupMetadata metadata, Path staging) {
        return new Restore(metadata, staging);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
