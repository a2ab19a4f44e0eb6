package org.homeautomation.backup.api;

/**
 * Base of the checked exceptions of the backup platform. Its message is meant for a person: it says what failed, on
 * what (the backup id, the agent id, the file) and, where it can, what to do about it. It never contains a password or
 * other secret.
 */
public class BackupException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for a person
     */
    public BackupException(String message) {
        super(message);
    }

    /**
     * @param message what failed, for a person
     * @param cause the underlying failure
     */
    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
