package org.homeautomation.backup.agent.local.internal;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what an upload cut short by a crash (kill -9, a power cut) left in an agent's folder: its temporary files
 * ({@code .<id>.tar.<random>.partial}, {@code .<id>.json.<random>.partial}) and an archive {@code <id>.tar} that has
 * no sidecar {@code <id>.json} (the crash came between the two renames). Such an archive is never listed, so without
 * this it would take its space for ever.
 *
 * <p>Only regular files with exactly those names are removed, never a file of another name nor a folder or link;
 * and never the files of an upload that is running in this runtime ({@link UploadsInProgress}), whose archive is
 * without sidecar for a moment while it is published.
 */
final class CrashLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(CrashLeftovers.class);

    private final String agentId;
    private final FolderLayout layout;
    private final UploadsInProgress uploads;
    private boolean removedAny;

    private CrashLeftovers(String agentId, FolderLayout layout) {
        this.agentId = agentId;
        this.layout = layout;
        this.uploads = UploadsInProgress.in(layout.directory());
    }

    /**
     * Removes the leftovers from the agent's folder, logging each at INFO; a file that cannot be removed is logged at
     * WARN and left.
     *
     * @param agentId the agent, for the log
     * @param layout the agent's folder, which exists
     */
    static void remove(String agentId, FolderLayout layout) {
        new CrashLeftovers(agentId, layout).remove();
    }

    private void remove() {
        Set<String> sidecarIds = new HashSet<>();
        Set<String> archiveIds = new HashSet<>();
        List<Path> tempFiles = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.directory())) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                FolderLayout.sidecarId(fileName).ifPresent(sidecarIds::add);
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    FolderLayout.archiveId(fileName).ifPresent(archiveIds::add);
                    if (FolderLayout.isTempFile(fileName)) {
                        tempFiles.add(entry);
                    }
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warn("Local agent '{}': could not look for files left by interrupted uploads in {}: {}", agentId,
                    layout.directory(), e.getMessage());
            return;
        }
        for (Path tempFile : tempFiles) {
            Optional<String> backupId = FolderLayout.tempFileBackupId(tempFile.getFileName().toString());
            uploads.unlessRunning(backupId.orElseThrow(), () -> delete(tempFile, "left by an upload that was cut"
                    + " short"));
        }
        archiveIds.removeAll(sidecarIds);
        for (String backupId : archiveIds) {
            Path archive = layout.archive(backupId);
            uploads.unlessRunning(backupId, () -> {
                // Checked again here: an upload may have finished since the folder was read.
                if (!Files.exists(layout.sidecar(backupId), LinkOption.NOFOLLOW_LINKS)) {
                    delete(archive, "the archive of backup " + backupId + ", whose upload was cut short before its"
                            + " metadata file " + layout.sidecar(backupId).getFileName() + " was written");
                }
            });
        }
        if (removedAny) {
            try {
                DurableFiles.syncDirectory(layout.directory());
            } catch (IOException e) {
                LOG.debug("Local agent '{}': could not sync folder {} after removing leftovers", agentId,
                        layout.directory(), e);
            }
        }
    }

    private void delete(Path file, String what) {
        try {
            long size = Files.size(file);
            Files.delete(file);
            removedAny = true;
            LOG.info("Local agent '{}': removed {} ({} bytes), {}", agentId, file, size, what);
        } catch (NoSuchFileException gone) {
            // Removed by someone else meanwhile: nothing left to do.
        } catch (IOException e) {
            LOG.warn("Local agent '{}': could not remove {}, {}: {}; delete it by hand to free its space", agentId,
                    file, what, LocalBackupAgent.reason(e));
        }
    }
}
