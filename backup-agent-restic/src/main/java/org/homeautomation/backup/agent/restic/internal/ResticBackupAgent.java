package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.agent.restic.internal.SnapshotJson.FileNode;
import org.homeautomation.backup.agent.restic.internal.SnapshotReader.Snapshot;
import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.MetadataSidecar;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.support.secret.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each backup as one snapshot of a restic repository (format version 2) in a folder or an S3 bucket
 * ({@link RepositoryStorage}): the archive as the file {@code <id>.tar}, cut into restic's content-defined chunks so
 * that a second backup stores only what changed, and the metadata as the small file {@code <id>.json} beside it.
 * The snapshot is tagged {@value #TAG} and {@code backup-id=<id>}, so that {@code restic snapshots} shows what it
 * is, and {@code restic dump} gives the archive back without this software.
 *
 * <ul>
 * <li>A backup is published by writing its snapshot file, the last and atomic step of an upload: packs, index and
 * tree come first, as restic's design document orders them. A failed upload removes its packs.</li>
 * <li>{@link #list()} reads the snapshot files and, once for each snapshot (they never change), its tree and
 * metadata blobs; never the archive's packs.</li>
 * <li>The repository is opened (scrypt, a fraction of a second) on first use; a missing folder or config makes every
 * call throw {@link AgentUnavailableException} (an unmounted drive), and the agent never re-creates the folder unless
 * configured to initialize a repository. An S3 store that cannot be reached does the same.</li>
 * </ul>
 * Thread-safe: uploads, listings, downloads and deletions may run at once.
 */
final class ResticBackupAgent implements BackupAgent {
    /** The tag of every snapshot this agent writes. */
    static final String TAG = "homeautomation-backup";
    /** The start of the tag naming the backup id. */
    static final String ID_TAG_PREFIX = "backup-id=";
    static final String ARCHIVE_SUFFIX = ".tar";
    static final String METADATA_SUFFIX = ".json";

    private static final Logger LOG = LoggerFactory.getLogger(ResticBackupAgent.class);

    private final String id;
    private final String name;
    private final RepositoryStorage storage;
    private final String root;
    private final Secret password;
    private final boolean initialize;
    private final Object openLock = new Object();
    /**
     * Our own uploads share the repository, a deletion (a prune) has it alone: in this runtime they wait for each
     * other here instead of failing on each other's lock files, which guard against other processes.
     */
    private final ReentrantReadWriteLock exclusive = new ReentrantReadWriteLock();
    /** Packs that running uploads wrote and have not indexed yet; see {@link SnapshotWriter}. */
    private final java.util.Set<String> packsInFlight = ConcurrentHashMap.newKeySet();
    private volatile Repository repository;
    /** The backup each snapshot we read holds, or empty for snapshots that are not ours; snapshots never change. */
    private final Map<String, Optional<BackupMetadata>> snapshots = new ConcurrentHashMap<>();

    ResticBackupAgent(String id, String name, Path root, Secret password, boolean initialize) {
        this(id, name, new RepositoryFolder(root), password, initialize);
    }

    ResticBackupAgent(String id, String name, RepositoryStorage storage, Secret password, boolean initialize) {
        this.id = Identifiers.requireValidAgentId(id);
        this.name = name;
        this.storage = storage;
        this.root = storage.location();
        this.password = password;
        this.initialize = initialize;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    RepositoryStorage storage() {
        return storage;
    }

    /** Releases the storage's connections; called when the agent's configuration goes away. */
    void close() {
        storage.close();
    }

    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws BackupAgentException {
        String backupId = metadata.id();
        Repository repo = repository();
        if (find(repo, backupId).isPresent()) {
            throw new BackupAgentException(prefix() + "already holds a backup " + backupId + "; delete it first");
        }
        SnapshotWriter writer = null;
        exclusive.readLock().lock();
        try (RepositoryLock lock = RepositoryLock.acquire(repo, false)) {
            writer = new SnapshotWriter(repo, RepositoryIndex.load(repo), lock, packsInFlight);
            int adopted = writer.adoptUnindexedPacks();
            if (adopted > 0) {
                LOG.info("Agent {} reuses {} packs that an interrupted upload left in restic repository {}", id,
                        adopted, root);
            }
            FileNode archive;
            try (InputStream in = source.open()) {
                archive = writer.storeFile(backupId + ARCHIVE_SUFFIX, in, progress::bytesUploaded);
            }
            if (archive.size() != source.size()) {
                throw new BackupAgentException(prefix() + "read " + archive.size() + " bytes of backup " + backupId
                        + " but its source announced " + source.size() + "; the backup was not stored");
            }
            if (archive.size() == 0) {
                progress.bytesUploaded(0);
            }
            FileNode sidecar = writer.storeSmallFile(backupId + METADATA_SUFFIX,
                    metadata.toJson().getBytes(StandardCharsets.UTF_8));
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted before the snapshot was written");
            }
            String snapshotId = writer.commit(List.of(archive, sidecar), List.of("/" + backupId + ARCHIVE_SUFFIX),
                    List.of(TAG, ID_TAG_PREFIX + backupId));
            snapshots.put(snapshotId, Optional.of(metadata));
            LOG.info("Agent {} stored backup {} as snapshot {} of restic repository {}: {} new bytes in packs", id,
                    backupId, snapshotId.substring(0, 8), root, writer.bytesAdded());
        } catch (IOException | RepositoryException | RuntimeException e) {
            abort(writer, backupId);
            throw failure(e, "could not store backup " + backupId);
        } catch (BackupAgentException e) {
            abort(writer, backupId);
            throw e;
        } finally {
            exclusive.readLock().unlock();
        }
    }

    private void abort(SnapshotWriter writer, String backupId) {
        if (writer == null) {
            return;
        }
        try {
            writer.abort();
        } catch (IOException e) {
            LOG.warn("Agent {} could not remove the packs of the failed upload of backup {} from {}; 'restic prune'"
                    + " removes them", id, backupId, root, e);
        }
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        requireValid(backupId);
        Repository repo = repository();
        Snapshot snapshot = find(repo, backupId).orElseThrow(() -> notFound(backupId));
        try {
            RepositoryIndex index = RepositoryIndex.load(repo);
            SnapshotReader reader = new SnapshotReader(repo);
            FileNode archive = file(reader, snapshot, index, backupId + ARCHIVE_SUFFIX);
            return reader.open(archive, index);
        } catch (IOException | RepositoryException | RuntimeException e) {
            throw failure(e, "could not read backup " + backupId);
        }
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        requireValid(backupId);
        Repository repo = repository();
        find(repo, backupId).orElseThrow(() -> notFound(backupId)); // before locking: an unknown id writes nothing
        exclusive.writeLock().lock();
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true)) {
            Snapshot snapshot = find(repo, backupId).orElseThrow(() -> notFound(backupId));
            repo.storage().delete(FileType.SNAPSHOT, snapshot.id());
            snapshots.remove(snapshot.id());
            LOG.info("Agent {} forgot snapshot {} of backup {} in restic repository {}", id,
                    snapshot.id().substring(0, 8), backupId, root);
            prune(repo, backupId);
        } catch (IOException | RepositoryException | RuntimeException e) {
            throw failure(e, "could not delete backup " + backupId);
        } finally {
            exclusive.writeLock().unlock();
        }
    }

    /** Reclaims the deleted backup's space; the backup is gone whether or not this works. */
    private void prune(Repository repo, String backupId) {
        try {
            Pruner.Result result = new Pruner(repo).prune();
            LOG.info("Agent {} pruned restic repository {} after deleting backup {}: {} packs deleted, {} written"
                    + " anew, {} bytes freed", id, root, backupId, result.packsDeleted(), result.packsRepacked(),
                    result.bytesFreed());
        } catch (IOException | RepositoryException | RuntimeException e) {
            LOG.warn("Agent {} deleted backup {} but could not reclaim its space in restic repository {} ({}); run"
                    + " 'restic prune' there", id, backupId, root, e.getMessage(), e);
        }
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        Repository repo = repository();
        try {
            List<BackupMetadata> backups = new ArrayList<>();
            RepositoryIndex index = null;
            for (String snapshotId : repo.storage().list(FileType.SNAPSHOT)) {
                Optional<BackupMetadata> known = snapshots.get(snapshotId);
                if (known == null) {
                    if (index == null) {
                        index = RepositoryIndex.load(repo);
                    }
                    known = readMetadata(repo, snapshotId, index);
                    snapshots.put(snapshotId, known);
                }
                known.ifPresent(backups::add);
            }
            return backups;
        } catch (IOException | RepositoryException | RuntimeException e) {
            throw failure(e, "could not list its backups");
        }
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        requireValid(backupId);
        for (BackupMetadata metadata : list()) {
            if (metadata.id().equals(backupId)) {
                return metadata;
            }
        }
        throw notFound(backupId);
    }

    /** The metadata of a snapshot of ours, or empty for another's snapshot or one whose metadata is unreadable. */
    private Optional<BackupMetadata> readMetadata(Repository repo, String snapshotId, RepositoryIndex index)
            throws IOException, RepositoryException {
        SnapshotReader reader = new SnapshotReader(repo);
        Snapshot snapshot;
        try {
            snapshot = reader.snapshot(snapshotId);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // forgotten meanwhile
        }
        Optional<String> backupId = backupId(snapshot);
        if (backupId.isEmpty()) {
            return Optional.empty();
        }
        FileNode sidecar = file(reader, snapshot, index, backupId.get() + METADATA_SUFFIX);
        byte[] json;
        try (InputStream in = reader.open(sidecar, index)) {
            json = in.readNBytes(MetadataSidecar.MAX_BYTES + 1);
        }
        return MetadataSidecar.parse(json, backupId.get(), why -> LOG.warn("Agent {} ignores snapshot {} in restic"
                + " repository {}: {}", id, snapshotId.substring(0, 8), root, why));
    }

    private FileNode file(SnapshotReader reader, Snapshot snapshot, RepositoryIndex index, String fileName)
            throws IOException, RepositoryException {
        for (FileNode file : reader.rootFiles(snapshot, index)) {
            if (file.name().equals(fileName)) {
                return file;
            }
        }
        throw new RepositoryException(RepositoryException.Reason.DAMAGED, "Snapshot " + snapshot.id().substring(0, 8)
                + " of the restic repository " + root + " is tagged as ours but holds no file " + fileName);
    }

    private static Optional<String> backupId(Snapshot snapshot) {
        if (!snapshot.tags().contains(TAG)) {
            return Optional.empty();
        }
        for (String tag : snapshot.tags()) {
            if (tag.startsWith(ID_TAG_PREFIX) && Identifiers.isValidBackupId(tag.substring(ID_TAG_PREFIX.length()))) {
                return Optional.of(tag.substring(ID_TAG_PREFIX.length()));
            }
        }
        return Optional.empty();
    }

    /** The snapshot of a backup, reading only snapshot files. */
    private Optional<Snapshot> find(Repository repo, String backupId) throws BackupAgentException {
        try {
            SnapshotReader reader = new SnapshotReader(repo);
            for (String snapshotId : repo.storage().list(FileType.SNAPSHOT)) {
                Optional<BackupMetadata> known = snapshots.get(snapshotId);
                if (known != null && known.map(m -> !m.id().equals(backupId)).orElse(true)) {
                    continue;
                }
                try {
                    Snapshot snapshot = reader.snapshot(snapshotId);
                    if (backupId(snapshot).filter(backupId::equals).isPresent()) {
                        return Optional.of(snapshot);
                    }
                } catch (NoSuchFileException e) {
                    // forgotten meanwhile
                }
            }
            return Optional.empty();
        } catch (IOException | RepositoryException | RuntimeException e) {
            throw failure(e, "could not look for backup " + backupId);
        }
    }

    /** The open repository; opens (or, when configured to, creates) it on first use. */
    private Repository repository() throws BackupAgentException {
        Repository repo = repository;
        if (repo != null) {
            boolean reachable;
            try {
                reachable = storage.hasConfig();
            } catch (IOException | RuntimeException e) {
                throw failure(e, "could not reach its restic repository");
            }
            if (!reachable) {
                throw unreachable();
            }
            return repo;
        }
        synchronized (openLock) {
            if (repository != null) {
                return repository();
            }
            try {
                if (initialize && !storage.hasConfig() && storage.isMissingOrEmpty()) {
                    repository = Repository.initialize(storage, password.reveal());
                    LOG.info("Agent {} created a new restic repository in {}", id, root);
                } else {
                    repository = Repository.open(storage, password.reveal());
                }
                return repository;
            } catch (RepositoryException e) {
                if (e.reason() == RepositoryException.Reason.MISSING) {
                    throw new AgentUnavailableException(prefix() + e.getMessage());
                }
                throw new BackupAgentException(prefix() + e.getMessage());
            } catch (IOException | RuntimeException e) {
                throw failure(e, "could not open the restic repository");
            }
        }
    }

    private BackupAgentException failure(Exception e, String what) {
        RepositoryStorage.StorageFailure store = storageFailure(e);
        if (store != null) {
            return store.unavailable() ? new AgentUnavailableException(prefix() + what + ": " + store.getMessage(), e)
                    : new BackupAgentException(prefix() + what + ": " + store.getMessage(), e);
        }
        if (!hasConfig()) {
            return unreachable();
        }
        if (e instanceof InterruptedIOException || e instanceof ClosedByInterruptException) {
            return new BackupAgentException(prefix() + what + ": interrupted", e);
        }
        if (e instanceof RepositoryException r && r.reason() == RepositoryException.Reason.LOCKED) {
            return new AgentUnavailableException(prefix() + what + ": " + e.getMessage(), e);
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return new BackupAgentException(prefix() + what + ": the runtime's user may not write " + denied.getFile()
                    + " in restic repository " + root + "; give it write access to the repository's folders (or"
                    + " mount the drive read-write)", e);
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                && fs.getReason().contains("Read-only file system")) {
            return new BackupAgentException(prefix() + what + ": the restic repository " + root + " is on a read-only"
                    + " file system (" + fs.getFile() + "); mount the drive read-write (a drive the system remounted"
                    + " read-only after errors needs checking first). Its backups can still be listed and restored", e);
        }
        String message = e instanceof RepositoryException ? e.getMessage() : e.toString();
        return new BackupAgentException(prefix() + what + " in restic repository " + root + ": " + message, e);
    }

    private static RepositoryStorage.StorageFailure storageFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RepositoryStorage.StorageFailure failure) {
                return failure;
            }
        }
        return null;
    }

    private boolean hasConfig() {
        try {
            return storage.hasConfig();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private AgentUnavailableException unreachable() {
        return new AgentUnavailableException(prefix() + "cannot reach its restic repository " + root + " "
                + storage.unreachableAdvice());
    }

    private BackupNotFoundException notFound(String backupId) {
        return new BackupNotFoundException(backupId, prefix() + "holds no backup " + backupId + " in restic"
                + " repository " + root);
    }

    private void requireValid(String backupId) throws BackupNotFoundException {
        if (!Identifiers.isValidBackupId(backupId)) {
            throw new BackupNotFoundException(String.valueOf(backupId), prefix() + "holds no backup with the invalid"
                    + " id " + backupId);
        }
    }

    private String prefix() {
        return "Agent '" + id + "' (" + name + "): ";
    }
}
