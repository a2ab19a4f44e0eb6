package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deleting and flushing folder trees, as a restore needs it for staging and rollback folders, and where a path
 * will be.
 */
public final class FolderTrees {
    private static final int OWNER_RWX = 0700;

    private FolderTrees() {
    }

    /**
     * The path with its longest existing part resolved to the real path (links followed) and the rest appended as it
     * is: where a path that is not there yet will be, to compare it with folders whose links are resolved too.
     *
     * @param path a path, absolute for a meaningful result
     * @return the resolved path; the path itself when no part of it exists or the existing part cannot be resolved
     */
    public static Path realPathOfExistingPart(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }

    /**
     * Deletes a file, link or folder tree. Symbolic links are deleted, never followed. Folders without write or
     * search permission for their owner (a restored tree may have them) are given it first. Missing is fine.
     *
     * @param path what to delete
     * @throws IOException when something cannot be deleted; what could be deleted is gone
     */
    public static void deleteTree(Path path) throws IOException {
        deleteTree(path, () -> {
        });
    }

    /** As {@link #deleteTree(Path)}, calling {@code afterEachDeletion} after every file, link or folder deleted. */
    static void deleteTree(Path path, Runnable afterEachDeletion) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attributes.isDirectory()) {
            makeOwnerAccessible(path);
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteTree(child, afterEachDeletion);
                }
            }
        }
        Files.deleteIfExists(path);
        afterEachDeletion.run();
    }

    /** @return whether something (a folder, file or link, not followed) is at {@code path} */
    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Flushes a folder's entries to disk, which makes renames and deletions in it durable. Best effort: not every
     * platform can open a folder.
     */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort; the rename itself is atomic either way
        }
    }

    private static void makeOwnerAccessible(Path folder) {
        try {
            int mode = (Integer) Files.getAttribute(folder, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & OWNER_RWX) != OWNER_RWX) {
                Files.setAttribute(folder, "unix:mode", (mode | OWNER_RWX) & 07777, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // the deletion below reports what cannot be deleted
        }
    }
}
