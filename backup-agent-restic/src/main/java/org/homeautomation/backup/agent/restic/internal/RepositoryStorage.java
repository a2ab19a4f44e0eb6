package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the files of a restic repository live, in restic's layout: {@code config}, {@code keys/<id>},
 * {@code snapshots/<id>}, {@code index/<id>}, {@code locks/<id>} and {@code data/<first 2 hex digits>/<id>}. The same
 * names in a folder ({@link RepositoryFolder}) and as object keys under a prefix of an S3 bucket
 * ({@link S3RepositoryStorage}). Every write is atomic: a reader (ours or restic) never sees half a file.
 *
 * <p>Reads of a file that is not there throw {@link java.nio.file.NoSuchFileException}; a failure of the store itself
 * (unreachable, credentials refused) is a {@link StorageFailure} whose message says what to do. Implementations are
 * thread-safe.
 */
interface RepositoryStorage extends AutoCloseable {
    /** The kinds of files, by the folder they live in. */
    enum FileType {
        KEY("keys"), SNAPSHOT("snapshots"), INDEX("index"), LOCK("locks"), PACK("data");

        final String folder;

        FileType(String folder) {
            this.folder = folder;
        }
    }

    /** @return where the repository is, for people: a folder's path or an {@code s3:} location */
    String location();

    /** @return the repository's place as a message's subject, such as "folder /mnt/nas/restic" */
    String describe();

    /** @return what to check when the repository cannot be reached, such as "is its drive mounted?" */
    String unreachableAdvice();

    /**
     * Fails when the place of the repository itself (the folder, the bucket) is not there.
     *
     * @throws RepositoryException with reason MISSING, saying what to check
     */
    void requirePlace() throws RepositoryException, IOException;

    /** @return whether the repository's config file is there */
    boolean hasConfig() throws IOException;

    /**
     * @return whether there is nothing at the repository's place yet, so that a new repository may be made there
     * @throws RepositoryException when the place itself cannot take a new repository (a bucket that does not exist)
     */
    boolean isMissingOrEmpty() throws RepositoryException, IOException;

    /** Prepares an empty repository's place (a folder's subfolders; nothing in a bucket). */
    void createLayout() throws IOException;

    /** @return the ids of the files of one type; names that are not ids (someone's leftovers) are skipped */
    List<String> list(FileType type) throws IOException;

    byte[] read(FileType type, String id) throws IOException;

    byte[] readConfig() throws IOException;

    long size(FileType type, String id) throws IOException;

    /** Reads {@code length} bytes from {@code offset} of a pack. */
    byte[] readRange(String packId, long offset, int length) throws IOException;

    /** Writes a small file whole and atomically; it must not exist yet (files are named by their hash). */
    void write(FileType type, String id, byte[] content) throws IOException;

    /** Writes the config file, which is not named by its hash. */
    void writeConfig(byte[] content) throws IOException;

    /** @return a new, empty file to fill (a pack) and then publish under its hash */
    PendingFile newPendingFile() throws IOException;

    /** Removes a file; one that is gone already is no failure. */
    void delete(FileType type, String id) throws IOException;

    /** @return the name of a file for messages: its path, or its {@code s3:} location */
    String name(FileType type, String id);

    /** @return a local file or folder this process made, whose owner is the user this runtime runs as */
    Path ownedByThisProcess() throws IOException;

    /** Releases connections and threads; the storage is not used afterwards. */
    @Override
    void close();

    /** A file being written, published under its final name in one atomic step once whole. */
    interface PendingFile extends AutoCloseable {
        WritableByteChannel channel();

        /** Makes the file durable and gives it its final name, which must not exist yet. */
        void publish(FileType type, String id) throws IOException;

        /** Removes the file unless it was published. */
        @Override
        void close() throws IOException;
    }

    /** The store itself failed (unreachable, refused the credentials); the message says what to do. */
    final class StorageFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean unavailable;

        StorageFailure(String message, boolean unavailable, Throwable cause) {
            super(message, cause);
            this.unavailable = unavailable;
        }

        /** @return whether trying again later may succeed (the store is down or unreachable) */
        boolean unavailable() {
            return unavailable;
        }
    }
}
