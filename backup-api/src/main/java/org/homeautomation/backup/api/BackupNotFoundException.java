package org.homeautomation.backup.api;

/**
 * No backup with the given id exists where it was looked for (on one agent, or on any agent known to the manager).
 */
public class BackupNotFoundException extends BackupAgentException {
    private static final long serialVersionUID = 1L;

    private final String backupId;

    /**
     * @param backupId the id that was looked for
     * @param message where it was looked for, for a person
     */
    public BackupNotFoundException(String backupId, String message) {
        super(message);
        this.backupId = backupId;
    }

    /**
     * @return the id that was looked for
     */
    public String backupId() {
        return backupId;
    }
}
