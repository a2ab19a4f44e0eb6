package org.homeautomation.backup.api.internal;

import java.util.Optional;
import java.util.function.Consumer;

import org.homeautomation.backup.api.BackupMetadata;

/**
 * Reads the metadata an agent keeps beside an archive (a sidecar file, an object) and checks that it is what it should
 * be. Shared by this project's agents, which carry their own copy of this package ({@code -conditionalpackage}).
 */
public final class MetadataSidecar {
    /** The most bytes read of a sidecar: real metadata is a few hundred bytes. */
    public static final int MAX_BYTES = 1024 * 1024;

    private MetadataSidecar() {
    }

    /**
     * @param bytes the sidecar's bytes, at most {@link #MAX_BYTES} + 1 of them
     * @param backupId the backup it should describe
     * @param ignored told why, when the sidecar is not metadata of that backup; the reason never quotes the bytes
     * @return the metadata, or empty when the sidecar is too large, not metadata, or of another backup
     */
    public static Optional<BackupMetadata> parse(byte[] bytes, String backupId, Consumer<String> ignored) {
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
