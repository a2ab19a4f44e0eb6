package org.homeautomation.backup.core.internal.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.core.internal.agents.AgentCalls;
import org.homeautomation.backup.core.internal.agents.AgentRegistry;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.ForeignArchiveException;
import org.homeautomation.backup.core.internal.archive.UnprotectedArchiveStream;
import org.homeautomation.backup.core.internal.create.FailedUploads;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups the agents hold, merged across agents with the record of failed uploads: listing them, finding one and
 * a copy of it, opening a copy checked against its digest and size, deleting one. Agents are third-party code: each
 * call into one goes through {@link AgentCalls}, and a copy that answers for another backup is refused.
 */
public final class BackupCatalogue {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCatalogue.class);

    /** What is done with the copy of an agent that holds the backup; may fail as the agent does. */
    @FunctionalInterface
    private interface CopyUse<T> {
        T use(BackupCopy copy) throws BackupAgentException;
    }

    private final AgentRegistry agents;
    private final FailedUploads failedUploads;
    private final Executor agentExecutor;

    /**
     * @param agents the agents registered now
     * @param failedUploads the backups whose upload failed on some agents
     * @param agentExecutor runs the agents' lists side by side
     */
    public BackupCatalogue(AgentRegistry agents, FailedUploads failedUploads, Executor agentExecutor) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.failedUploads = Objects.requireNonNull(failedUploads, "failedUploads");
        this.agentExecutor = Objects.requireNonNull(agentExecutor, "agentExecutor");
    }

    /** @return every backup on any agent, and every failed upload, newest first; an agent that fails is named */
    public BackupListing list() {
        Map<String, CompletableFuture<List<BackupMetadata>>> lists = new LinkedHashMap<>();
        for (TrackedAgent a : agents.all()) {
            lists.put(a.id(), supply(() -> AgentCalls.call(a, "listing backups", () -> a.agent().list())));
        }
        MergedCopies merged = new MergedCopies(failedUploads);
        Map<String, String> errors = new TreeMap<>();
        lists.forEach((agentId, future) -> {
            try {
                for (BackupMetadata m : future.join()) {
                    merged.add(agentId, m);
                }
            } catch (CompletionException e) {
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
        merged.addFailedUploads();
        List<Backup> backups = new ArrayList<>();
        for (String id : merged.ids()) {
            merged.backup(id).ifPresent(backups::add);
        }
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

    private <T> CompletableFuture<T> supply(AgentCalls.Call<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (BackupAgentException e) {
                throw new CompletionException(e);
            }
        }, agentExecutor);
    }

    /**
     * @return the backup with its copies on every agent that answers, and the agents its upload failed on
     * @throws BackupNotFoundException when no agent holds it and no failed upload is remembered
     */
    public Backup get(String backupId) throws BackupNotFoundException {
        Identifiers.requireValidBackupId(backupId);
        MergedCopies merged = new MergedCopies(failedUploads);
        for (TrackedAgent a : agents.all()) {
            try {
                merged.add(a.id(), metadataOn(a, backupId));
            } catch (BackupNotFoundException e) {
                // not on this agent
            } catch (BackupAgentException e) {
                LOG.warn("Could not ask agent '{}' for backup {}: {}", a.id(), backupId, e.getMessage());
            }
        }
        return merged.backup(backupId).orElseThrow(() -> new BackupNotFoundException(backupId,
                "There is no backup " + backupId + " on any agent."));
    }

    /**
     * @param agentId the agent to take the copy from; null for the first agent, by id, that holds it
     * @return the copy
     * @throws BackupNotFoundException when the agent, or no agent, holds it
     * @throws org.homeautomation.backup.api.UnknownAgentException when no agent has that id
     * @throws BackupException when the agents that may hold it failed
     */
    public BackupCopy copy(String backupId, String agentId) throws BackupException {
        if (agentId != null) {
            return copyOn(agents.require(agentId), backupId);
        }
        return first(backupId, "read", copy -> copy);
    }

    /**
     * @param agentId the agent to download from; null for the first agent, by id, that holds the backup
     * @return the archive as stored, checked against its size and digest at the end of the stream
     */
    public InputStream download(String backupId, String agentId) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        if (agentId != null) {
            return open(copyOn(agents.require(agentId), backupId));
        }
        return first(backupId, "download", BackupCatalogue::open);
    }

    /**
     * @param password the password of a protected backup; null or empty for the archive as stored
     * @return the archive, decrypted when it is protected and a password is given
     * @throws IncorrectPasswordException when the password does not open it
     */
    public InputStream download(String backupId, String agentId, char[] password) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        if (password == null || password.length == 0) {
            return download(backupId, agentId);
        }
        BackupCopy copy = copy(backupId, agentId);
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
        } catch (IOException e) {
            throw new BackupException("Could not decrypt backup " + backupId + " from agent '" + copy.agent().id()
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * Uses the copy of the first agent, by id, that holds the backup and whose use succeeds.
     *
     * @param verb what is done, for the message: "Could not download backup ..."
     */
    private <T> T first(String backupId, String verb, CopyUse<T> use) throws BackupException {
        List<String> problems = new ArrayList<>();
        for (TrackedAgent a : agents.all()) {
            try {
                return use.use(copyOn(a, backupId));
            } catch (BackupNotFoundException e) {
                // try the next agent
            } catch (BackupAgentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            throw new BackupNotFoundException(backupId, "There is no backup " + backupId + " on any agent.");
        }
        throw new BackupException("Could not " + verb + " backup " + backupId + ": " + String.join("; ", problems));
    }

    private static BackupCopy copyOn(TrackedAgent a, String backupId) throws BackupAgentException {
        return new BackupCopy(a, metadataOn(a, backupId));
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
    private static InputStream open(BackupCopy copy) throws BackupAgentException {
        TrackedAgent a = copy.agent();
        String backupId = copy.metadata().id();
        InputStream in = AgentCalls.call(a, "opening backup " + backupId, () -> a.agent().download(backupId));
        return new DigestCheckingInputStream(in, copy.metadata().sha256(), copy.metadata().size(),
                "backup " + backupId + " from agent '" + a.id() + "'");
    }

    /**
     * Deletes a backup from the given agents, or from every agent and from the record of failed uploads.
     *
     * @param agentIds the agents; empty for all
     * @throws BackupException naming the agents that failed, when the backup could not be deleted everywhere
     * @throws BackupNotFoundException when none of the agents held it (and, for all agents, no failed upload of it
     *         was remembered)
     */
    public void delete(String backupId, Set<String> agentIds) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        List<TrackedAgent> targets = agentIds.isEmpty() ? agents.all() : new ArrayList<>();
        for (String id : agentIds) {
            targets.add(agents.require(id));
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
}
