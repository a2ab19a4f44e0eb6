package org.homeautomation.backup.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The backup a {@link BackupParticipant} takes part in.
 */
@ProviderType
public interface BackupContext {

    /** @return the id of the backup being made */
    String backupId();

    /** @return the name of the backup being made */
    String backupName();

    /**
     * A directory private to this participant and this backup, empty at {@code preBackup}. Its contents go into the
     * archive as the participant's content; it is deleted after the archive is written.
     *
     * @return the directory; it exists
     */
    Path stagingDirectory();
}
