package org.homeautomation.backup.core.internal.archive;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ArchiveWriter#write} produced.
 *
 * @param size      the archive file's size in bytes
 * @param sha256Hex the SHA-256 digest of the whole archive file, 64 lower-case hex digits, as {@code sha256sum}
 *                  prints it
 * @param warnings  what was left out or changed while it was read, one sentence each; empty when nothing was
 */
public record ArchiveSummary(long size, String sha256Hex, List<String> warnings) {

    /** Checks the fields and copies the warnings. */
    public ArchiveSummary {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        warnings = List.copyOf(warnings);
    }
}
