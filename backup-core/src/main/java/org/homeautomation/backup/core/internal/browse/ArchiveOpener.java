package org.homeautomation.backup.core.internal.browse;

import java.io.InputStream;

import org.homeautomation.backup.api.BackupException;

/**
 * Opens a backup's archive from an agent, unprotected when a password is given, checking its digest as it is read:
 * {@link org.homeautomation.backup.api.BackupManager#download(String, String, char[])} has this shape.
 */
@FunctionalInterface
public interface ArchiveOpener {
    /**
     * @param backupId the backup
     * @param agentId the agent to read from
     * @param password the password of a protected backup; null for an unprotected one
     * @return the archive; the caller closes it
     * @throws BackupException when the agent fails or the password is wrong
     */
    InputStream open(String backupId, String agentId, char[] password) throws BackupException;
}
