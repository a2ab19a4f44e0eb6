package org.homeautomation.backup.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the metadata an agent keeps beside an archive (a sidecar file, an object, a record), safely: storage an agent
 * shares with people and other programs may hold a file of the right name that is not what the agent wrote (foreign,
 * damaged, huge, or of another backup). Write the sidecar with {@link BackupMetadata#toJson()}; read it back with
 * {@link #read} or {@link #parse}, which
 * <ul>
 * <li>read at most {@link #MAX_BYTES} (real metadata is a few hundred bytes),</li>
 * <li>accept only strict UTF-8 JSON of bounded nesting, as {@link BackupMetadata#fromJson(byte[])} does, ignoring
 * fields this version does not know (a newer manager may add some),</li>
 * <li>check that it describes the backup it is stored for,</li>
 * <li>and tell why they ignore a sidecar in words that never quote its bytes (which could carry anything into a
 * log).</li>
 * </ul>
 * An agent lists a backup only when its sidecar reads, and skips one that does not with a warning naming the file.
 * Thread-safe; does not block other than on the stream given.
 */
public final class MetadataSidecar {
    /** The most bytes read of a sidecar: real metadata is a few hundred bytes. */
    public static final int MAX_BYTES = 1024 * 1024;

    private MetadataSidecar() {
    }

    /**
     * Reads a sidecar from a stream, at most {@link #MAX_BYTES} + 1 bytes of it. The caller closes the stream.
     *
     * @param in the sidecar's content
     * @param backupId the backup it should describe
     * @param ignored told why, when the sidecar is not metadata of that backup; the reason never quotes the bytes
     * @return the metadata, or empty when the sidecar is too large, not metadata, or of another backup
     * @throws IOException when the stream cannot be read
     */
    public static Optional<BackupMetadata> read(InputStream in, String backupId, Consumer<String> ignored)
            throws IOException {
        return parse(in.readNBytes(MAX_BYTES + 1), backupId, ignored);
    }

    /**
     * Reads a sidecar already in memory.
     *
     * @param bytes the sidecar's bytes; more than {@link #MAX_BYTES} of them are refused unread
     * @param backupId the backup it should describe
     * @param ignored told why, when the sidecar is not metadata of that backup; the reason never quotes the bytes
     * @return the metadata, or empty when the sidecar is too large, not metadata, or of another backup
     */
    public static Optional<BackupMetadata> parse(byte[] bytes, String backupId, Consumer<String> ignored) {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(ignored, "ignored");
        if (bytes.length > MAX_BYTES) {
            ignored.accept("it is too large to be backup metadata");
            return Optional.empty();
        }
        BackupMetadata metadata;
        try {
            metadata = BackupMetadata.fromJson(bytes);
        } catch (RuntimeException e) {
            // Not passing the parser's message on: it may quote the sidecar's contents.
            ignored.accept("it is not backup metadata");
            return Optional.empty();
        }
        if (!metadata.id().equals(backupId)) {
            ignored.accept("it describes a backup with another id");
            return Optional.empty();
        }
        return Optional.of(metadata);
    }
}
