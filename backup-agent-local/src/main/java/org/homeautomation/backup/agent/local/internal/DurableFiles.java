package org.homeautomation.backup.agent.local.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File operations that survive a power cut: a rename is only durable once the directory holding it is synced, and the
 * renamed file's data only once the file is synced before the rename.
 */
final class DurableFiles {
    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);

    private DurableFiles() {
    }

    /** Flushes a file's data and size to the device. Opens it read-only: the file may be another's hard link. */
    static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Flushes a folder's entries (creations, renames, deletions) to the device. Some platforms (Windows) cannot open
     * a folder at all; there the rename is as durable as the platform makes it, which is all we can do.
     */
    static void syncDirectory(Path directory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            LOG.debug("Cannot open folder {} to sync it on this platform", directory, e);
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** Writes a small file in full to a path that must not exist yet, and syncs it. */
    static void writeNew(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Renames a file in one step, replacing the target. Readers see the old target or the new one, never a mix. Call
     * {@link #syncDirectory} afterwards to make the rename durable.
     */
    static void moveAtomically(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
