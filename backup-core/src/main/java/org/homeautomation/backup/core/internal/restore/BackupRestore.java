package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.RestoreContext;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.api.RestoreStage;
import org.homeautomation.backup.core.internal.agents.AgentCalls;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.ArchiveLayout;
import org.homeautomation.backup.core.internal.archive.ContentReader;
import org.homeautomation.backup.core.internal.archive.PathExcluder;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.participants.ParticipantCalls;
import org.homeautomation.backup.core.internal.participants.ParticipantFailure;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.homeautomation.backup.core.internal.upload.DamagedArchiveException;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores one backup, in the order that keeps the live folders safe: fetch into staging and check the digest;
 * check the password, every entry and the free space; unpack each content beside its live folder; participants'
 * preRestore; swap every live folder with its restored one in one journalled transaction; postRestore; then drop the
 * old trees. Any failure before the transaction is committed puts every old tree back.
 */
public final class BackupRestore {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRestore.class);
    private static final int COPY_BUFFER = 1 << 16;
    /** Kept free on every file system written to, beyond what the restore needs. */
    private static final long SPACE_MARGIN = 64L << 20;

    /**
     * What a restore was asked to do, resolved and checked before it starts.
     *
     * @param metadata the backup, as the chosen agent holds it
     * @param agent the agent it is read from
     * @param contents the contents to restore, in archive order
     * @param folders the live folder of each content that is a configured source folder
     * @param excluders decides, per content, which live paths are kept as they are (excluded from backups)
     * @param participants every registered participant, in run order
     * @param contentParticipants the participant of each content that is a participant's
     * @param stagingRoot where the archive is fetched to
     * @param password the password of a protected backup
     */
    public record Plan(BackupMetadata metadata, TrackedAgent agent, List<String> contents, Map<String, Path> folders,
            PathExcluder excluders, List<TrackedParticipant> participants,
            Map<String, TrackedParticipant> contentParticipants, Path stagingRoot, Optional<Password> password) {
    }

    /**
     * The manager's parts a restore uses.
     *
     * @param participantExecutor runs participants' steps
     * @param participantCalls calls them under the timeout
     * @param events publishes the stages
     * @param maxWorkFactor the largest scrypt work factor accepted
     */
    public record Services(ExecutorService participantExecutor, ParticipantCalls participantCalls,
            EventPublisher events, int maxWorkFactor) {
    }

    private final Plan plan;
    private final Services services;
    private final String backupId;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    public BackupRestore(Plan plan, Services services) {
        this.plan = plan;
        this.services = services;
        this.backupId = plan.metadata().id();
    }

    /**
     * Runs the restore on the calling thread.
     *
     * @return what was restored
     * @throws BackupException when it failed; every live folder is then as before
     */
    public RestoreResult run() throws BackupException {
        Path work = plan.stagingRoot().resolve(backupId);
        try {
            LOG.info("Restoring backup '{}' ({}) from agent '{}': {}", plan.metadata().name(), backupId,
                    plan.agent().id(), plan.contents());
            Path archive = fetch(work);
            ArchiveLayout layout = verify(archive);
            boolean restartNeeded = false;
            try (RestoreTransaction transaction = prepareSwaps()) {
                Map<String, Path> restored = extract(layout, work);
                replace(restored, transaction);
                restartNeeded = transaction != null && !transaction.replacedWhole().isEmpty();
                if (restartNeeded) {
                    warnings.add("Restart the runtime: " + transaction.replacedWhole() + " could not be restored in"
                            + " place (the restore may not move the entries in them) and were replaced whole, so a"
                            + " running runtime that watches them sees no change in them until it restarts.");
                }
            } catch (IOException e) {
                throw new BackupException("Restore of backup " + backupId + " failed and could not put every"
                        + " previous folder back: " + e.getMessage(), e);
            }
            stage(RestoreStage.COMPLETED, null);
            LOG.info("Backup {} restored: {}", backupId, plan.contents());
            return RestoreResult.builder().backupId(backupId).agentId(plan.agent().id()).contents(plan.contents())
                    .warnings(warnings).restartNeeded(restartNeeded).build();
        } catch (BackupException e) {
            LOG.error("Restore of backup {} failed: {}", backupId, e.getMessage());
            stage(RestoreStage.FAILED, e.getMessage());
            throw e;
        } finally {
            plan.password().ifPresent(Password::wipe);
            deleteQuietly(work);
            plan.folders().values().forEach(live -> deleteQuietly(stagedFolder(live)));
            removeEmptyJournalFolder();
        }
    }

    /** The journal's folder is kept only while a journal is in it, or when recovery could not finish. */
    private void removeEmptyJournalFolder() {
        if (plan.folders().isEmpty()) {
            return;
        }
        Path folder = RestoreJournalFolders.forLive(plan.folders().values().iterator().next());
        try {
            Files.deleteIfExists(folder);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // a journal is left for recovery at the next start
        } catch (IOException e) {
            LOG.debug("Could not remove the empty journal folder {}", folder, e);
        }
    }

    private Path fetch(Path work) throws BackupException {
        stage(RestoreStage.FETCHING, null);
        BackupMetadata m = plan.metadata();
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new BackupException("Could not create the staging folder " + work + ": " + e.getMessage());
        }
        requireSpace(work, m.size(), "the archive");
        Path archive = work.resolve(backupId + ".tar");
        TrackedAgent agent = plan.agent();
        try (InputStream raw = AgentCalls.call(agent, "opening backup " + backupId,
                () -> agent.agent().download(backupId));
                InputStream in = new DigestCheckingInputStream(raw, m.sha256(), m.size(),
                        "backup " + backupId + " from agent '" + agent.id() + "'");
                OutputStream out = Files.newOutputStream(archive)) {
            in.transferTo(out);
        } catch (BackupAgentException e) {
            throw new BackupException("Could not read backup " + backupId + " from agent '" + agent.id() + "': "
                    + e.getMessage(), e);
        } catch (DamagedArchiveException e) {
            // Fetching stopped at the declared size at the latest, so staging holds no more than that.
            throw new BackupException("Backup " + backupId + " on agent '" + agent.id() + "' is damaged: "
                    + e.detail() + ". Nothing was restored; restore the copy of another agent if one holds it.", e);
        } catch (IOException e) {
            throw new BackupException("Could not fetch backup " + backupId + " from agent '" + agent.id()
                    + "' into " + work + ": " + clause(e.getMessage()) + ". Nothing was restored.", e);
        }
        return archive;
    }

    private ArchiveLayout verify(Path archive) throws BackupException {
        stage(RestoreStage.VERIFYING, null);
        ArchiveLayout layout;
        try {
            layout = ArchiveLayout.read(archive);
        } catch (IOException e) {
            throw new BackupException("Backup " + backupId + " is damaged: " + clause(e.getMessage())
                    + ". Nothing was restored.", e);
        }
        if (!layout.manifest().id().equals(backupId)) {
            // Its digest matched the metadata, so the sidecar was written for this archive: someone put another
            // backup's archive and metadata under this id.
            throw new BackupException("Backup " + backupId + " on agent '" + plan.agent().id() + "' is damaged:"
                    + " its archive is backup " + layout.manifest().id() + " (its backup.json says so), not "
                    + backupId + ". Nothing was restored.");
        }
        if (layout.manifest().protectedBackup() && plan.password().isEmpty()) {
            throw new IncorrectPasswordException("Backup " + backupId + " is protected; give its password to"
                    + " restore it.");
        }
        Map<FileStore, Long> needed = new HashMap<>();
        Map<FileStore, Path> where = new HashMap<>();
        for (String content : plan.contents()) {
            ContentCheck check;
            try (InputStream tar = open(layout, content)) {
                check = new ContentTarVerifier().verify(content, tar);
            } catch (UnsafeArchiveException e) {
                throw new BackupException("Backup " + backupId + " cannot be restored. " + e.getMessage(), e);
            } catch (IOException e) {
                throw damaged(content, e);
            }
            Path target = plan.folders().containsKey(content) ? parentOf(plan.folders().get(content))
                    : plan.stagingRoot();
            try {
                FileStore store = Files.getFileStore(existingAncestor(target));
                needed.merge(store, check.bytesNeeded(), Long::sum);
                where.putIfAbsent(store, target);
            } catch (IOException e) {
                throw new BackupException("Could not check the free space at " + target + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<FileStore, Long> e : needed.entrySet()) {
            requireSpace(where.get(e.getKey()), e.getValue(), "the restored files");
        }
        return layout;
    }

    private InputStream open(ArchiveLayout layout, String content) throws IOException, BackupException {
        try {
            return ContentReader.open(layout, content,
                    plan.password().map(Password::chars).orElse(null), services.maxWorkFactor());
        } catch (WrongPassphraseException e) {
            throw new IncorrectPasswordException("The password does not open backup " + backupId
                    + ". Nothing was restored.");
        }
    }

    private Map<String, Path> extract(ArchiveLayout layout, Path work) throws BackupException {
        stage(RestoreStage.EXTRACTING, null);
        Map<String, Path> restored = new LinkedHashMap<>();
        for (String content : plan.contents()) {
            Path live = plan.folders().get(content);
            Path target = live != null ? stagedFolder(live) : work.resolve("participants").resolve(content);
            try {
                deleteQuietly(target);
                Files.createDirectories(target);
                try (InputStream tar = open(layout, content)) {
                    new ContentExtractor().extract(content, tar, target);
                }
                if (live != null) {
                    takeOverFolderAttributes(live, target);
                }
            } catch (UnsafeArchiveException e) {
                throw new BackupException("Backup " + backupId + " cannot be restored. " + e.getMessage(), e);
            } catch (IOException e) {
                throw new BackupException("Could not unpack content " + content + " of backup " + backupId
                        + " into " + target + ": " + clause(e.getMessage()) + ". Nothing was restored.", e);
            }
            restored.put(content, target);
        }
        return restored;
    }

    /*
     * A backup holds no entry for a content's folder itself, only for what is in it; so the restored folder takes the
     * owner and permissions of the live folder it replaces instead of the restoring process's defaults.
     */
    private static void takeOverFolderAttributes(Path live, Path target) throws IOException {
        if (!Files.isDirectory(live, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Map<String, Object> a = Files.readAttributes(live, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        try {
            Files.setAttribute(target, "unix:uid", a.get("uid"), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", a.get("gid"), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException e) {
            // Only root may give a folder away; the restoring user then owns it, as it owns the files in it.
        }
        // After the owner: changing the owner clears the set-id bits.
        Files.setAttribute(target, "unix:mode", (Integer) a.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
    }

    /** @return the swap of every live folder, prepared (journalled) before anything is unpacked; null for none */
    private RestoreTransaction prepareSwaps() throws BackupException {
        if (plan.folders().isEmpty()) {
            return null;
        }
        try {
            List<FolderSwap> swaps = new ArrayList<>();
            for (Map.Entry<String, Path> e : plan.folders().entrySet()) {
                swaps.add(new FolderSwap(e.getValue(), stagedFolder(e.getValue()), keptPaths(e.getKey(),
                        e.getValue())));
            }
            Path journal = RestoreJournalFolders.forLive(swaps.get(0).live());
            return RestoreTransaction.prepare(journal, backupId, swaps);
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            throw new BackupException("Backup " + backupId + " cannot be restored into its folders: "
                    + clause(e.getMessage()) + ". Nothing was restored.", e);
        }
    }

    /**
     * The paths of a live folder that backups leave out (the runtime's cache, logs, the backups themselves): the
     * restore keeps them as they are, so it neither loses them nor pulls the runtime's working files away.
     */
    private List<String> keptPaths(String content, Path live) throws UncheckedIOException {
        List<String> kept = new ArrayList<>();
        if (!Files.isDirectory(live)) {
            return kept;
        }
        try {
            Files.walkFileTree(live, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(live)) {
                        return FileVisitResult.CONTINUE;
                    }
                    return keep(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    keep(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                private boolean keep(Path path) {
                    String rel = live.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                    if (plan.excluders().excludes(content, rel, path)) {
                        kept.add(rel);
                        return true;
                    }
                    return false;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kept;
    }

    private void replace(Map<String, Path> restored, RestoreTransaction transaction) throws BackupException {
        RestoreContextImpl[] contexts = new RestoreContextImpl[plan.participants().size()];
        for (int i = 0; i < contexts.length; i++) {
            TrackedParticipant p = plan.participants().get(i);
            contexts[i] = new RestoreContextImpl(backupId, plan.metadata().name(), plan.contents(),
                    plan.contentParticipants().containsKey(p.id()) ? Optional.ofNullable(restored.get(p.id()))
                            : Optional.empty());
        }
        stage(RestoreStage.PRE_RESTORE, null);
        List<Integer> called = new ArrayList<>();
        String failure = null;
        try {
            for (int i = 0; i < contexts.length; i++) {
                called.add(i);
                services.participantCalls().preRestore(plan.participants().get(i), contexts[i]);
            }
        } catch (ParticipantFailure e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "The backup manager stopped during the restore";
        }

        if (failure == null && transaction != null) {
            stage(RestoreStage.REPLACING, null);
            failure = swapAndCommit(transaction);
        }

        // After the commit: participants resume on the restored state, or on the old one when the restore failed.
        // A participant failing now is a warning; the restore stands.
        stage(RestoreStage.POST_RESTORE, null);
        BackupOutcome outcome = failure == null ? BackupOutcome.succeeded() : BackupOutcome.failed(failure);
        Collections.reverse(called);
        for (int i : called) {
            TrackedParticipant p = plan.participants().get(i);
            try {
                services.participantCalls().postRestore(p, contexts[i], outcome);
            } catch (ParticipantFailure e) {
                LOG.warn("Restore of backup {}: {}", backupId, e.getMessage());
                warnings.add(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                warnings.add("The backup manager stopped during postRestore of participant '" + p.id() + "'");
            }
        }
        if (failure != null) {
            throw new BackupException("Restore of backup " + backupId + " failed: " + failure);
        }
    }

    /** @return null when the restored folders are in place for good, else why the old ones are back */
    private String swapAndCommit(RestoreTransaction transaction) {
        try {
            transaction.swap();
        } catch (IOException e) {
            // swap() puts the old folders back itself.
            return "Could not replace the live folders: " + e.getMessage();
        }
        try {
            transaction.commit();
            return null;
        } catch (IOException e) {
            // commit() throws only when it cannot record the commit; it only logs old folders it cannot delete.
            String reason = "it could not be recorded as complete (" + e.getMessage() + "), so the previous folders"
                    + " are put back";
            try {
                transaction.rollback();
            } catch (IOException | RuntimeException r) {
                reason += ", which failed too (" + r.getMessage() + "); the next start puts them back";
            }
            return reason;
        }
    }

    private BackupException damaged(String content, IOException e) {
        return new BackupException("Backup " + backupId + " is damaged: content " + content + " cannot be read ("
                + e.getMessage() + "). Nothing was restored.", e);
    }

    private void requireSpace(Path where, long bytes, String what) throws BackupException {
        try {
            long free = Files.getFileStore(existingAncestor(where)).getUsableSpace();
            if (free < bytes + SPACE_MARGIN) {
                throw new BackupException("Not enough free disk space to restore backup " + backupId + ": "
                        + what + " need " + mib(bytes + SPACE_MARGIN) + " MiB at " + where + ", only " + mib(free)
                        + " MiB are free. Free some space and try again. Nothing was restored.");
            }
        } catch (IOException e) {
            throw new BackupException("Could not check the free space at " + where + ": " + e.getMessage(), e);
        }
    }

    /** @return a message without its closing full stop, to go on in a longer sentence */
    static String clause(String message) {
        String m = message == null ? "" : message.strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static Path existingAncestor(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q == null ? p.toAbsolutePath().getRoot() : q;
    }

    private static Path parentOf(Path live) {
        Path parent = live.toAbsolutePath().getParent();
        return parent == null ? live.toAbsolutePath() : parent;
    }

    /** The folder a content is unpacked into, beside its live folder. */
    private Path stagedFolder(Path live) {
        return parentOf(live).resolve("." + live.getFileName() + ".restore-" + backupId);
    }

    private void stage(RestoreStage stage, String reason) {
        services.events().restore(backupId, plan.agent().id(), stage, reason);
    }

    private static void deleteQuietly(Path p) {
        try {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                org.apache.commons.io.file.PathUtils.deleteDirectory(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}. Delete it by hand.", p, e.getMessage());
        }
    }

    private record RestoreContextImpl(String backupId, String backupName, List<String> contents,
            Optional<Path> restoredDirectory) implements RestoreContext {
    }
}
