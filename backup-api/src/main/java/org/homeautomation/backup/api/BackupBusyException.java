package org.homeautomation.backup.api;

/**
 * The manager runs one backup operation at a time and one is running now. Wait for it to finish and try again.
 */
public class BackupBusyException extends BackupException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which operation is running, for a person
     */
    public BackupBusyException(String message) {
        super(message);
    }
}
