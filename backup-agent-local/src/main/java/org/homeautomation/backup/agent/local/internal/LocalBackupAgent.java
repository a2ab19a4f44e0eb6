package org.homeautomation.backup.agent.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.homeautomation.backup.agent.local.internal.StreamedCopy.SourceException;
import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.MetadataSidecar;
import org.homeautomation.backup.api.UploadProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackupAgent} that keeps backups in a folder of the local file system (see {@link FolderLayout} for the
 * files). Works without OSGi; the bundle's components register one per configured folder.
 *
 * <ul>
 * <li>Uploads are written to a temporary file, synced, and renamed into place; the metadata sidecar follows the same
 * way only once the archive is in place, and a backup is listed only when both exist. So nothing partial is ever
 * listed, also after a crash. What a crash leaves (temporary files, an archive without sidecar) is removed when the
 * agent is created, see {@link CrashLeftovers}.</li>
 * <li>When the archive is a local file on the same file system, it is hard-linked instead of copied. Otherwise it is
 * streamed with a fixed 1 MiB buffer.</li>
 * <li>{@link #upload} refuses a backup id the agent already holds: delete it first.</li>
 * <li>{@link #delete} removes the sidecar first, so the backup stops being listed at once, then the archive. Deleting a
 * backup that is not held, also one just deleted, throws {@link BackupNotFoundException}.</li>
 * <li>The folder is created when the agent is created. If it disappears later (an unmounted drive), every method throws
 * {@link AgentUnavailableException} until it is back; the agent never re-creates it, since that would write into the
 * mount point on the root file system.</li>
 * <li>Other files and folders in the folder are ignored.</li>
 * </ul>
 * Thread-safe.
 */
public final class LocalBackupAgent implements BackupAgent {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackupAgent.class);

    private final String id;
    private final String name;
    private final FolderLayout layout;
    private final UploadsInProgress uploads;
    /** Serialises the steps that make a backup appear or disappear, so that check and change are one step. */
    private final Object publishLock = new Object();
    private final Set<String> warnedFileNames = ConcurrentHashMap.newKeySet();

    /**
     * Creates the agent, creating the folder if it is missing and removing the files a crash left behind. A
     * folder that cannot be created is logged; the agent then reports itself unavailable until the folder exists.
     *
     * @param id the agent's id, valid by {@link Identifiers#isValidAgentId(String)}
     * @param name the agent's name for people
     * @param directory the folder holding the backups
     * @throws IllegalArgumentException when the id is not valid
     */
    public LocalBackupAgent(String id, String name, Path directory) {
        this(id, name, directory, true);
    }

    /**
     * Creates the agent; with {@code createFolder} false a missing folder is not created but reported, so that the
     * mount point of a drive that is not mounted is never filled instead of the drive.
     *
     * @param id the agent's id, valid by {@link Identifiers#isValidAgentId(String)}
     * @param name the agent's name for people
     * @param directory the folder holding the backups
     * @param createFolder whether to create the folder when it is missing
     * @throws IllegalArgumentException when the id is not valid
     */
    public LocalBackupAgent(String id, String name, Path directory, boolean createFolder) {
        this.id = Identifiers.requireValidAgentId(id);
        this.name = Objects.requireNonNull(name, "name");
        this.layout = new FolderLayout(Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize());
        this.uploads = UploadsInProgress.in(layout.directory());
        prepareFolder(createFolder);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the folder holding the backups */
    public Path directory() {
        return layout.directory();
    }

    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws BackupAgentException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(progress, "progress");
        String backupId = checkId(Objects.requireNonNull(metadata, "metadata").id());
        requireFolder();
        // Checked early so that a refused upload does not copy gigabytes first; checked again when publishing.
        rejectIfHeld(backupId);
        Path archive = layout.archive(backupId);
        Path temp = layout.newTempFile(archive);
        boolean published = false;
        try (UploadsInProgress.Claim claim = uploads.start(backupId)) {
            boolean linked = store(source, temp, progress, backupId);
            publish(backupId, metadata, temp, archive);
            published = true;
            LOG.info("Local agent '{}': stored backup {} in {} ({} bytes, {})", id, backupId, archive, source.size(),
                    linked ? "hard-linked" : "copied");
        } catch (IOException e) {
            // Interrupting channels and well-behaved sources leave the flag set, whatever exception they throw.
            if (Thread.currentThread().isInterrupted()) {
                throw new BackupAgentException(prefix() + "the upload of backup " + backupId
                        + " was interrupted; nothing was stored", e);
            }
            if (e instanceof SourceException) {
                throw new BackupAgentException(prefix() + "could not store backup " + backupId + ": " + e.getMessage()
                        + "; nothing was stored", e);
            }
            throw failure("could not write backup " + backupId + " to " + archive, e);
        } finally {
            if (!published) {
                deleteQuietly(temp);
            }
        }
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        checkId(backupId);
        requireFolder();
        Path archive = layout.archive(backupId);
        try {
            if (readHeld(backupId).isEmpty()) {
                throw notFound(backupId);
            }
            return Files.newInputStream(archive);
        } catch (NoSuchFileException e) {
            // Deleted since it was found.
            throw notFound(backupId);
        } catch (IOException e) {
            throw failure("could not open backup " + backupId + " at " + archive, e);
        }
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        checkId(backupId);
        requireFolder();
        Path sidecar = layout.sidecar(backupId);
        Path archive = layout.archive(backupId);
        synchronized (publishLock) {
            try {
                if (readHeld(backupId).isEmpty()) {
                    throw notFound(backupId);
                }
                Files.delete(sidecar);
            } catch (NoSuchFileException e) {
                throw notFound(backupId);
            } catch (IOException e) {
                throw failure("could not delete backup " + backupId + " (" + sidecar + ")", e);
            }
            // The backup is gone from the list now; what follows only frees space.
            try {
                DurableFiles.syncDirectory(layout.directory());
                Files.deleteIfExists(archive);
                DurableFiles.syncDirectory(layout.directory());
            } catch (IOException e) {
                LOG.warn("Local agent '{}': deleted backup {} but could not remove its archive {}: {}; delete that"
                        + " file to free its space", id, backupId, archive, reason(e));
                return;
            }
        }
        LOG.info("Local agent '{}': deleted backup {}", id, backupId);
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        requireFolder();
        Set<String> sidecarIds = new HashSet<>();
        Set<String> archiveIds = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.directory())) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                Optional<String> sidecarId = FolderLayout.sidecarId(fileName);
                Optional<String> archiveId = FolderLayout.archiveId(fileName);
                if (sidecarId.isPresent()) {
                    sidecarIds.add(sidecarId.get());
                } else if (archiveId.isPresent()) {
                    archiveIds.add(archiveId.get());
                } else if (!FolderLayout.isTempFile(fileName)) {
                    LOG.debug("Local agent '{}': ignoring {}, not a file of this agent", id, entry);
                }
            }
        } catch (IOException e) {
            throw failure("could not list folder " + layout.directory(), e);
        } catch (DirectoryIteratorException e) {
            throw failure("could not list folder " + layout.directory(), e.getCause());
        }
        List<BackupMetadata> backups = new ArrayList<>();
        for (String backupId : sidecarIds) {
            try {
                readHeld(backupId).ifPresent(backups::add);
            } catch (IOException e) {
                // One unreadable file must not hide every other backup.
                ignore(layout.sidecar(backupId), "it cannot be read: " + reason(e));
            }
        }
        archiveIds.stream().filter(archiveId -> !sidecarIds.contains(archiveId)).forEach(archiveId -> LOG.debug(
                "Local agent '{}': not listing {}: it has no metadata file {}", id, layout.archive(archiveId),
                layout.sidecar(archiveId).getFileName()));
        return backups;
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        checkId(backupId);
        requireFolder();
        try {
            return readHeld(backupId).orElseThrow(() -> notFound(backupId));
        } catch (IOException e) {
            throw failure("could not read the metadata of backup " + backupId + " in " + layout.sidecar(backupId), e);
        }
    }

    @Override
    public String toString() {
        return "LocalBackupAgent[" + id + " at " + layout.directory() + "]";
    }

    private void prepareFolder(boolean createFolder) {
        Path directory = layout.directory();
        if (!createFolder && !Files.isDirectory(directory)) {
            LOG.warn("Local agent '{}': folder {} does not exist; is the drive mounted? The agent is unavailable until"
                    + " the folder exists (it is not created, so that backups never fill an empty mount point).", id,
                    directory);
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            LOG.warn("Local agent '{}': could not create folder {}: {}; the agent is unavailable until it exists", id,
                    directory, reason(e));
            return;
        }
        CrashLeftovers.remove(id, layout);
    }

    /** @return whether the archive was hard-linked rather than copied */
    private boolean store(BackupSource source, Path temp, UploadProgress progress, String backupId)
            throws IOException {
        Optional<Path> file = source.file();
        if (file.isPresent() && link(file.get(), temp, source.size(), backupId)) {
            progress.bytesUploaded(source.size());
            return true;
        }
        StreamedCopy.copy(source, temp, progress);
        return false;
    }

    /** @return whether {@code temp} is now a synced hard link to {@code file}; false when a copy is needed */
    private boolean link(Path file, Path temp, long size, String backupId) throws IOException {
        try {
            Files.createLink(temp, file);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Different file system (EXDEV), no hard links there, or not allowed: expected, so not a warning.
            LOG.debug("Local agent '{}': cannot hard-link {} into {} ({}); copying backup {}", id, file,
                    layout.directory(), e instanceof IOException io ? reason(io) : e.toString(), backupId);
            return false;
        }
        long linkedSize = Files.size(temp);
        if (linkedSize != size) {
            throw new SourceException("the archive file " + file + " has " + linkedSize + " bytes but declared "
                    + size);
        }
        try {
            DurableFiles.syncFile(temp);
            return true;
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            LOG.debug("Local agent '{}': cannot sync hard link {} ({}); copying backup {}", id, temp, reason(e),
                    backupId);
            Files.delete(temp);
            return false;
        }
    }

    /**
     * Moves the archive into place, then writes the sidecar, which makes the backup listed. Undoes what it did when a
     * step fails, so the backup stays absent.
     */
    private void publish(String backupId, BackupMetadata metadata, Path tempArchive, Path archive)
            throws IOException, BackupAgentException {
        Path sidecar = layout.sidecar(backupId);
        byte[] json = metadata.toJson().getBytes(StandardCharsets.UTF_8);
        synchronized (publishLock) {
            rejectIfHeld(backupId);
            // A sidecar whose archive is missing would describe the new archive for a moment after it moves in.
            Files.deleteIfExists(sidecar);
            Path tempSidecar = layout.newTempFile(sidecar);
            boolean archiveMoved = false;
            boolean sidecarMoved = false;
            try {
                DurableFiles.moveAtomically(tempArchive, archive);
                archiveMoved = true;
                DurableFiles.syncDirectory(layout.directory());
                DurableFiles.writeNew(tempSidecar, json);
                DurableFiles.moveAtomically(tempSidecar, sidecar);
                sidecarMoved = true;
                DurableFiles.syncDirectory(layout.directory());
            } catch (IOException | RuntimeException e) {
                deleteQuietly(tempSidecar);
                if (sidecarMoved) {
                    deleteQuietly(sidecar);
                }
                if (archiveMoved) {
                    deleteQuietly(archive);
                }
                throw e;
            }
        }
    }

    private void rejectIfHeld(String backupId) throws BackupAgentException {
        try {
            if (readHeld(backupId).isPresent()) {
                throw new BackupAgentException(prefix() + "already holds backup " + backupId
                        + "; delete it before storing it again");
            }
        } catch (IOException e) {
            throw failure("could not read the metadata of backup " + backupId + " in " + layout.sidecar(backupId), e);
        }
    }

    /**
     * @return the metadata when the backup is whole: its sidecar parses and names this id, and its archive exists
     * @throws IOException when the sidecar exists but cannot be read
     */
    private Optional<BackupMetadata> readHeld(String backupId) throws IOException {
        Optional<BackupMetadata> metadata = readSidecar(backupId);
        if (metadata.isPresent() && !Files.isRegularFile(layout.archive(backupId))) {
            LOG.debug("Local agent '{}': not listing backup {}: its archive {} is missing", id, backupId,
                    layout.archive(backupId));
            return Optional.empty();
        }
        return metadata;
    }

    private Optional<BackupMetadata> readSidecar(String backupId) throws IOException {
        Path sidecar = layout.sidecar(backupId);
        if (!Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(sidecar)) {
            return MetadataSidecar.read(in, backupId, why -> ignore(sidecar, why));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void ignore(Path file, String why) {
        if (warnedFileNames.add(file.getFileName().toString())) {
            LOG.warn("Local agent '{}': ignoring {}: {}", id, file, why);
        } else {
            LOG.debug("Local agent '{}': ignoring {}: {}", id, file, why);
        }
    }

    private String checkId(String backupId) throws BackupAgentException {
        try {
            return Identifiers.requireValidBackupId(backupId);
        } catch (IllegalArgumentException e) {
            throw new BackupAgentException(prefix() + e.getMessage());
        }
    }

    private void requireFolder() throws AgentUnavailableException {
        if (!Files.isDirectory(layout.directory())) {
            throw unavailable(null);
        }
    }

    private AgentUnavailableException unavailable(IOException cause) {
        return new AgentUnavailableException(prefix() + "folder " + layout.directory()
                + " does not exist or is not a folder; is the drive mounted?", cause);
    }

    private BackupNotFoundException notFound(String backupId) {
        return new BackupNotFoundException(backupId, prefix() + "holds no backup " + backupId + " in "
                + layout.directory());
    }

    /** @param what what failed, on which backup and file */
    private BackupAgentException failure(String what, IOException e) {
        if (!Files.isDirectory(layout.directory())) {
            return unavailable(e);
        }
        return new BackupAgentException(prefix() + what + ": " + reason(e), e);
    }

    private String prefix() {
        return "Local agent '" + id + "': ";
    }

    /** The operating system's reason, without the file names a FileSystemException's message repeats. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "the file already exists";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {} after a failed upload: {}; delete it by hand", file, reason(e));
        }
    }
}
