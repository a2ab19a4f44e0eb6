package org.homeautomation.backup.core.internal.create;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging folder: one sub-folder per backup being made, named by its id. Only folders named like the ids this
 * manager makes are ever deleted, so a staging folder configured by mistake onto a folder with other data loses
 * nothing.
 */
public final class StagingDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(StagingDirectory.class);

    private final Path root;

    /** @param root the configured staging folder */
    public StagingDirectory(Path root) {
        this.root = root;
    }

    /** @return the configured staging folder */
    public Path root() {
        return root;
    }

    /** @return the folder of one backup, created */
    Path create(String backupId) throws IOException {
        Path dir = root.resolve(backupId);
        Files.createDirectories(dir);
        return dir;
    }

    /** Deletes what a backup left in staging; failures are logged, since nothing can be done about them here. */
    void delete(String backupId) {
        Path dir = root.resolve(backupId);
        try {
            deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("Could not delete the staging folder {} of backup {}: {}. Delete it by hand to free the space.",
                    dir, backupId, e.toString());
        }
    }

    /** Removes the folders of backups that were cut off by a crash or a stop. */
    public void removeLeftovers() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (BackupIds.GENERATED.matcher(name).matches() && Files.isDirectory(entry)) {
                    LOG.info("Removing staging folder {} left by a backup that did not finish", entry);
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean the staging folder {}: {}", root, e.toString());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
