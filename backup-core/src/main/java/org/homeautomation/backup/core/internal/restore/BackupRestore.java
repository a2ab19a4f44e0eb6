package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.io.InputStream;
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
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.archive.PathExcluder;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.participants.ParticipantCalls;
import org.homeautomation.backup.core.internal.participants.ParticipantFailure;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.homeautomation.backup.core.internal.upload.DamagedArchiveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores one backup, in the order that keeps the live folders safe, reading the archive from the agent once: its
 * backup.json; the password (from the first content's age header) before anything is written; then each content,
 * decrypted and decompressed as it streams in, the free space checked before it and before each file, every entry
 * checked before it is written, unpacked beside its live folder; then the archive's SHA-256 at its end. Only then participants' preRestore; swap every live folder with
 * its restored one in one journalled transaction; postRestore. The old trees are deleted afterwards, on a thread of
 * their own. Any failure before the transaction is committed (a digest mismatch at the end of the archive too)
 * deletes what was unpacked and puts every old tree back.
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
     * @param stagingRoot where participants' contents are unpacked
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
     * Runs the restore on the calling thread. Returns once the restored folders are in place; the old trees are
     * deleted afterwards, on a thread of their own (a crash before that is finished is recovered at the next start).
     *
     * @return what was restored
     * @throws BackupException when it failed; every live folder is then as before
     */
    public RestoreResult run() throws BackupException {
        Path work = plan.stagingRoot().resolve(backupId);
        Runnable oldTreeDeletion = null;
        try {
            LOG.info("Restoring backup '{}' ({}) from agent '{}': {}", plan.metadata().name(), backupId,
                    plan.agent().id(), plan.contents());
            boolean restartNeeded = false;
            ArchiveStreamReader archive = open();
            OpenedContent first = null;
            try {
                stage(RestoreStage.VERIFYING, null);
                checkManifest(archive);
                // The password is checked (from the first content's age header) before anything is written.
                first = openNext(archive);
                try (RestoreTransaction transaction = prepareSwaps()) {
                    Map<String, Path> restored = extract(archive, first, work);
                    oldTreeDeletion = replace(restored, transaction);
                    restartNeeded = transaction != null && !transaction.replacedWhole().isEmpty();
                    if (restartNeeded) {
                        warnings.add("Restart the runtime: " + transaction.replacedWhole() + " could not be restored"
                                + " in place (the restore may not move the entries in them) and were replaced whole,"
                                + " so a running runtime that watches them sees no change in them until it restarts.");
                    }
                } catch (IOException e) {
                    throw new BackupException("Restore of backup " + backupId + " failed and could not put every"
                            + " previous folder back: " + e.getMessage(), e);
                }
            } finally {
                if (first != null) {
                    // Already closed unless the restore failed before unpacking it; its reading threads stop.
                    closeQuietly(first.tar());
                }
                closeQuietly(archive);
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
            if (oldTreeDeletion == null) {
                plan.folders().values().forEach(live -> deleteQuietly(stagedFolder(live)));
                removeEmptyJournalFolder();
            }
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

    /** Starts reading the archive from the agent: one pass, no copy. */
    private ArchiveStreamReader open() throws BackupException {
        stage(RestoreStage.FETCHING, null);
        TrackedAgent agent = plan.agent();
        InputStream raw;
        try {
            raw = AgentCalls.call(agent, "opening backup " + backupId, () -> agent.agent().download(backupId));
        } catch (BackupAgentException e) {
            throw new BackupException("Could not read backup " + backupId + " from agent '" + agent.id() + "': "
                    + e.getMessage(), e);
        }
        try {
            return ArchiveStreamReader.open(raw, plan.metadata(), "backup " + backupId + " from agent '"
                    + agent.id() + "'");
        } catch (DamagedArchiveException e) {
            throw damagedCopy(e);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new BackupException("Backup " + backupId + " on agent '" + agent.id() + "' is damaged: "
                    + clause(e.getMessage()) + ". Nothing was restored.", e);
        }
    }

    private void checkManifest(ArchiveStreamReader archive) throws BackupException {
        ArchiveManifest manifest = archive.manifest();
        if (!manifest.id().equals(backupId)) {
            // Read before the digest is checked: this is a damaged copy, or someone put another backup's archive
            // and metadata under this id. Either way it is not this backup.
            DamagedArchiveException damage = archive.damage();
            if (damage != null) {
                throw damagedCopy(damage);
            }
            throw new BackupException("Backup " + backupId + " on agent '" + plan.agent().id() + "' is damaged:"
                    + " its archive is backup " + manifest.id() + " (its backup.json says so), not "
                    + backupId + ". Nothing was restored.");
        }
        if (manifest.protectedBackup() && plan.password().isEmpty()) {
            throw new IncorrectPasswordException("Backup " + backupId + " is protected; give its password to"
                    + " restore it.");
        }
    }

    /** @return the folder a content is unpacked in: beside its live folder, or the staging root */
    private Path targetParent(String content) {
        return plan.folders().containsKey(content) ? parentOf(plan.folders().get(content)) : plan.stagingRoot();
    }

    /** Checks before each file that writing it leaves the margin free, so that a restore never fills a disk. */
    private ContentExtractor.SpaceCheck spaceCheck(String content) throws IOException {
        Path target = targetParent(content);
        FileStore store = Files.getFileStore(existingAncestor(target));
        long[] written = {0};
        return bytes -> {
            written[0] += bytes;
            long free = store.getUsableSpace();
            if (free < bytes + SPACE_MARGIN) {
                throw new NotEnoughSpaceException("Not enough free disk space to restore backup " + backupId
                        + ": the restored files of content " + content + " need at least "
                        + mib(written[0] + SPACE_MARGIN) + " MiB at "
                        + target + ", only " + mib(free + written[0] - bytes) + " MiB were free. Free some space and"
                        + " try again. Nothing was restored.");
            }
        };
    }

    /** The free space ran short while unpacking. */
    private static final class NotEnoughSpaceException extends IOException {
        private static final long serialVersionUID = 1L;

        NotEnoughSpaceException(String message) {
            super(message);
        }
    }

    /** A content to restore, opened: its password checked. */
    private record OpenedContent(String name, InputStream tar) {
    }

    /**
     * Moves to the next content to restore, skipping (and digesting) the others, and opens it.
     *
     * @return it, or null after the last one
     */
    private OpenedContent openNext(ArchiveStreamReader archive) throws BackupException {
        ArchiveStreamReader.Content content;
        try {
            do {
                content = archive.next();
            } while (content != null && !plan.contents().contains(content.name()));
            if (content == null) {
                return null;
            }
            InputStream tar = archive.openContent(plan.password().map(Password::chars).orElse(null),
                    services.maxWorkFactor());
            // A first check before anything of it is written: a content rarely unpacks smaller than it is stored.
            // While it is unpacked, each file is checked again (spaceCheck).
            try {
                requireSpace(targetParent(content.name()), content.size(), "the restored files of content "
                        + content.name());
            } catch (BackupException e) {
                closeQuietly(tar);
                throw e;
            }
            return new OpenedContent(content.name(), tar);
        } catch (WrongPassphraseException e) {
            throw new IncorrectPasswordException("The password does not open backup " + backupId
                    + ". Nothing was restored.");
        } catch (IOException e) {
            throw readFailure(archive, e);
        }
    }

    /**
     * Unpacks every content to restore beside its live folder (a participant's into the work folder), checking every
     * entry before it is written, then reads the archive to its end and checks its digest. On a failure the caller
     * deletes what was unpacked.
     */
    private Map<String, Path> extract(ArchiveStreamReader archive, OpenedContent first, Path work)
            throws BackupException {
        stage(RestoreStage.EXTRACTING, null);
        Map<String, Path> restored = new LinkedHashMap<>();
        for (OpenedContent content = first; content != null; content = openNext(archive)) {
            String name = content.name();
            Path live = plan.folders().get(name);
            Path target = live != null ? stagedFolder(live) : work.resolve("participants").resolve(name);
            try (InputStream tar = content.tar()) {
                deleteQuietly(target);
                Files.createDirectories(target);
                new ContentExtractor(spaceCheck(name)).extract(name, tar, target);
                if (live != null) {
                    takeOverFolderAttributes(live, target);
                }
            } catch (UnsafeArchiveException e) {
                DamagedArchiveException damage = archive.damage();
                throw damage != null ? damagedCopy(damage) : new BackupException("Backup " + backupId
                        + " cannot be restored. " + e.getMessage(), e);
            } catch (NotEnoughSpaceException e) {
                throw new BackupException(e.getMessage(), e);
            } catch (IOException e) {
                if (e instanceof ArchiveStreamReader.ContentReadException || e instanceof DamagedArchiveException) {
                    throw readFailure(archive, e);
                }
                DamagedArchiveException damage = archive.damage();
                throw damage != null ? damagedCopy(damage) : new BackupException("Could not unpack content " + name
                        + " of backup " + backupId + " into " + target + ": " + clause(e.getMessage())
                        + ". Nothing was restored.", e);
            }
            restored.put(name, target);
        }
        for (String content : plan.contents()) {
            if (!restored.containsKey(content)) {
                throw new BackupException("Backup " + backupId + " has no content '" + content + "'. Nothing was"
                        + " restored.");
            }
        }
        try {
            archive.finish();
        } catch (IOException e) {
            throw readFailure(archive, e);
        }
        return restored;
    }

    /** @return the exception for a failure to read the archive: a damaged copy when its digest says so */
    private BackupException readFailure(ArchiveStreamReader archive, IOException e) {
        DamagedArchiveException damage = e instanceof DamagedArchiveException d ? d : archive.damage();
        if (damage != null) {
            return damagedCopy(damage);
        }
        if (e instanceof ArchiveStreamReader.ContentReadException c) {
            return damaged(c.content(), e);
        }
        return new BackupException("Backup " + backupId + " is damaged: " + clause(e.getMessage())
                + ". Nothing was restored.", e);
    }

    private BackupException damagedCopy(DamagedArchiveException e) {
        return new BackupException("Backup " + backupId + " on agent '" + plan.agent().id() + "' is damaged: "
                + e.detail() + ". Nothing was restored; restore the copy of another agent if one holds it.", e);
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

    /** @return the deletion of the old trees, to run once the restore is committed; null when there is none */
    private Runnable replace(Map<String, Path> restored, RestoreTransaction transaction) throws BackupException {
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

        Runnable oldTreeDeletion = null;
        if (failure == null && transaction != null) {
            stage(RestoreStage.REPLACING, null);
            try {
                oldTreeDeletion = swapAndCommit(transaction);
                startDeleting(oldTreeDeletion);
            } catch (IOException e) {
                failure = e.getMessage();
            }
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
        return oldTreeDeletion;
    }

    /* The caller need not wait: the journal says the old trees are to go, and recovery finishes it after a crash. */
    private void startDeleting(Runnable oldTreeDeletion) {
        Thread thread = new Thread(oldTreeDeletion, "backup-restore-" + backupId + "-delete-old-trees");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the deletion of the old trees, once the restored folders are in place for good
     * @throws IOException saying why the old folders are back
     */
    private Runnable swapAndCommit(RestoreTransaction transaction) throws IOException {
        try {
            transaction.swap();
        } catch (IOException e) {
            // swap() puts the old folders back itself.
            throw new IOException("Could not replace the live folders: " + e.getMessage(), e);
        }
        try {
            return transaction.commitKeepingOldTrees();
        } catch (IOException e) {
            // Thrown only when the commit cannot be recorded; the old trees are then still in place.
            String reason = "it could not be recorded as complete (" + e.getMessage() + "), so the previous folders"
                    + " are put back";
            try {
                transaction.rollback();
            } catch (IOException | RuntimeException r) {
                reason += ", which failed too (" + r.getMessage() + "); the next start puts them back";
            }
            throw new IOException(reason, e);
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

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Could not close {}", c, e);
        }
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
