package org.homeautomation.backup.api;

/**
 * The password given for a protected backup does not open it, or a protected backup was asked for without a password.
 * Thrown before anything is written anywhere. The message never contains the password.
 */
public class IncorrectPasswordException extends BackupException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for a person
     */
    public IncorrectPasswordException(String message) {
        super(message);
    }
}
