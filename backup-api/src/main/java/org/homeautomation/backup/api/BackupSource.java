package org.homeautomation.backup.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The bytes of one backup archive, handed to {@link BackupAgent#upload(BackupSource, BackupMetadata, UploadProgress)}.
 */
@ProviderType
public interface BackupSource {

    /**
     * Opens a fresh stream over the archive, from its first byte. May be called more than once, also while an
     * earlier stream is still open; every stream yields the same bytes.
     *
     * @return a stream the caller closes
     * @throws IOException when the archive cannot be read
     */
    InputStream open() throws IOException;

    /**
     * @return the archive's size in bytes
     */
    long size();

    /**
     * The archive as a file on the local file system, when it is one. An agent that stores on the same file system
     * may hard-link this file instead of copying it. The file must not be modified, moved or deleted by the agent.
     *
     * @return the file, or empty when the archive is not a local file (for example, when it is encrypted on the fly)
     */
    Optional<Path> file();
}
