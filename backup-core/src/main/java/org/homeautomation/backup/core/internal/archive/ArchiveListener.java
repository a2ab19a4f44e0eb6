package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;

/**
 * Follows {@link ArchiveWriter#write(java.nio.file.Path, ArchiveManifest, java.util.List, ArchiveListener)} file by
 * file, for progress reports and to cancel. Called on the writing thread.
 */
@FunctionalInterface
public interface ArchiveListener {

    /** A listener that does nothing. */
    ArchiveListener NONE = (content, path, size) -> {
    };

    /**
     * A regular file is about to be archived: it was listed and its attributes (size included) were read, and it is
     * opened right after this returns. Its header will carry {@code size}; the writer copes with the file changing
     * or disappearing from here on.
     *
     * @param contentName  the content the file belongs to
     * @param relativePath the file's path relative to the content root, '/'-separated
     * @param size         the file's size as listed, in bytes
     * @throws IOException to stop writing; the archive then fails with this exception
     */
    void fileStarting(String contentName, String relativePath, long size) throws IOException;
}
