package org.homeautomation.backup.core.internal.browse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.IncorrectPasswordException;

/**
 * One copy of a backup to read entry by entry: the agent chosen, its metadata checked (format, protection) before
 * anything is downloaded. Holds a copy of the password until {@link #close()} wipes it.
 */
final class BackupCopyReader implements AutoCloseable {
    private final String backupId;
    private final String agentId;
    private final BackupMetadata metadata;
    private final char[] password;
    private final ArchiveOpener opener;

    private BackupCopyReader(String agentId, BackupMetadata metadata, char[] password, ArchiveOpener opener) {
        this.backupId = metadata.id();
        this.agentId = agentId;
        this.metadata = metadata;
        this.password = password;
        this.opener = opener;
    }

    /**
     * @param backup the backup, with the agents that hold it
     * @param agentId the agent to read from; null for the first (by id) that holds it
     * @param password the password of a protected backup, copied; null for none
     * @param opener opens the archive
     * @return the reader
     * @throws BackupNotFoundException when the agent does not hold the backup
     * @throws IncorrectPasswordException when the copy is protected and no password is given
     * @throws BackupException when the backup's format is newer than this manager reads
     */
    static BackupCopyReader of(Backup backup, String agentId, char[] password, ArchiveOpener opener)
            throws BackupException {
        String agent = agentId != null ? agentId : backup.copies().keySet().stream().sorted().findFirst()
                .orElseThrow(() -> new BackupNotFoundException(backup.id(), "No agent holds backup " + backup.id()
                        + " now; see backup:info."));
        BackupMetadata m = backup.copies().get(agent);
        if (m == null) {
            throw new BackupNotFoundException(backup.id(), "Agent '" + agent + "' does not hold backup "
                    + backup.id() + "; it is on " + String.join(", ", backup.copies().keySet()) + ".");
        }
        return of(agent, m, password, opener);
    }

    /**
     * @param agentId the agent that holds the copy
     * @param m the copy's metadata
     * @param password the password of a protected backup, copied; null for none
     * @param opener opens the archive
     * @return the reader
     * @throws IncorrectPasswordException when the copy is protected and no password is given
     * @throws BackupException when the backup's format is newer than this manager reads
     */
    static BackupCopyReader of(String agentId, BackupMetadata m, char[] password, ArchiveOpener opener)
            throws BackupException {
        if (m.formatVersion() > BackupMetadata.CURRENT_FORMAT_VERSION) {
            throw new BackupException("Backup " + m.id() + " was made with archive format version "
                    + m.formatVersion() + "; this backup manager reads versions up to "
                    + BackupMetadata.CURRENT_FORMAT_VERSION + ". Update the backup bundles to read it.");
        }
        boolean given = password != null && password.length > 0;
        if (m.isProtected() && !given) {
            throw new IncorrectPasswordException("Backup " + m.id() + " on agent '" + agentId
                    + "' is protected; give its password to read it.");
        }
        return new BackupCopyReader(agentId, m, m.isProtected() ? password.clone() : null, opener);
    }

    String backupId() {
        return backupId;
    }

    String agentId() {
        return agentId;
    }

    BackupMetadata metadata() {
        return metadata;
    }

    /** @return "backup X from agent 'y'", for messages */
    String description() {
        return "backup " + backupId + " from agent '" + agentId + "'";
    }

    /** @return a reader at the start of the archive; the caller closes it */
    ArchiveEntryReader open() throws BackupException {
        InputStream in = opener.open(backupId, agentId, password);
        return new ArchiveEntryReader(in, description());
    }

    /**
     * @param e what failed while reading
     * @return the failure, naming the backup and the agent, for a person
     */
    BackupException readFailure(IOException e) {
        return new BackupException("Could not read " + description() + ": " + e.getMessage()
                + ". If the archive is damaged, read the copy of another agent if one holds it.", e);
    }

    @Override
    public void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
