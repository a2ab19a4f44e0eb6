package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;

/**
 * A file being written to a local temporary file, then published by its storage's own step: renamed into a folder
 * repository, or sent to S3 in one PUT. The local file is gone afterwards, and after {@link #close()}.
 */
final class LocalPendingFile implements RepositoryStorage.PendingFile {
    /** The storage's step that gives the finished local file its final name. */
    @FunctionalInterface
    interface Publisher {
        void publish(Path file, FileType type, String id) throws IOException;
    }

    private final Path file;
    private final FileChannel channel;
    private final boolean sync;
    private final Publisher publisher;

    private LocalPendingFile(Path file, FileChannel channel, boolean sync, Publisher publisher) {
        this.file = file;
        this.channel = channel;
        this.sync = sync;
        this.publisher = publisher;
    }

    /**
     * @param file a new, empty file, which this object owns from now on
     * @param sync whether to force the bytes to the disk before publishing (a file that stays, not one that is sent)
     */
    static LocalPendingFile open(Path file, boolean sync, Publisher publisher) throws IOException {
        try {
            return new LocalPendingFile(file, FileChannel.open(file, StandardOpenOption.WRITE), sync, publisher);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    @Override
    public WritableByteChannel channel() {
        return channel;
    }

    @Override
    public void publish(FileType type, String id) throws IOException {
        if (sync) {
            channel.force(true);
        }
        channel.close();
        publisher.publish(file, type, id);
        Files.deleteIfExists(file); // a file that was sent elsewhere; a renamed one is not here any more
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
