package org.homeautomation.backup.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The restore a {@link BackupParticipant} takes part in.
 */
@ProviderType
public interface RestoreContext {

    /** @return the id of the backup being restored */
    String backupId();

    /** @return the name of the backup being restored */
    String backupName();

    /** @return the contents being restored, in archive order */
    List<String> contents();

    /**
     * What this participant wrote into its staging directory when the backup was made, unpacked and verified: present
     * when the restore includes the participant's content. It is deleted after
     * {@link BackupParticipant#postRestore(RestoreContext, BackupOutcome)} returns, so import from it there (or in
     * {@code preRestore}), do not keep it.
     *
     * @return the directory, or empty when this participant's content is not restored
     */
    Optional<Path> restoredDirectory();
}
