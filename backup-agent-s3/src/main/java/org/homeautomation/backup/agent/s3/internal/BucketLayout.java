package org.homeautomation.backup.agent.s3.internal;

import java.util.Optional;

import org.homeautomation.backup.api.Identifiers;

/**
 * The keys an {@link S3BackupAgent} uses in its bucket, all directly under the configured prefix:
 *
 * <ul>
 * <li>{@code <prefix>/<id>.tar}: the archive, byte for byte as uploaded (a multipart upload in progress is invisible
 * until it completes).</li>
 * <li>{@code <prefix>/<id>.json}: the metadata ({@code BackupMetadata.toJson()}), written only after the archive is
 * complete and deleted before it, so that a backup is listed only when it is whole.</li>
 * </ul>
 * Other keys under the prefix, and anything in deeper "folders", are not this agent's and are ignored.
 */
final class BucketLayout {
    static final String ARCHIVE_SUFFIX = ".tar";
    static final String METADATA_SUFFIX = ".json";

    private final String keyPrefix;

    /** @param prefix the normalized prefix, without leading or trailing slash; empty for the bucket's top level */
    BucketLayout(String prefix) {
        this.keyPrefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    /** @return what every key of this agent starts with: empty, or the prefix and a slash */
    String keyPrefix() {
        return keyPrefix;
    }

    /** @param backupId a valid backup id */
    String archiveKey(String backupId) {
        return keyPrefix + backupId + ARCHIVE_SUFFIX;
    }

    /** @param backupId a valid backup id */
    String metadataKey(String backupId) {
        return keyPrefix + backupId + METADATA_SUFFIX;
    }

    /** @return the backup id when the key is that of a metadata object of this agent */
    Optional<String> metadataId(String key) {
        return idWithSuffix(key, METADATA_SUFFIX);
    }

    /** @return the backup id when the key is that of an archive of this agent */
    Optional<String> archiveId(String key) {
        return idWithSuffix(key, ARCHIVE_SUFFIX);
    }

    private Optional<String> idWithSuffix(String key, String suffix) {
        if (!key.startsWith(keyPrefix) || !key.endsWith(suffix)
                || key.length() < keyPrefix.length() + suffix.length()) {
            return Optional.empty();
        }
        String id = key.substring(keyPrefix.length(), key.length() - suffix.length());
        // A valid id has no slash, so keys in deeper folders never match.
        return Identifiers.isValidBackupId(id) ? Optional.of(id) : Optional.empty();
    }
}
