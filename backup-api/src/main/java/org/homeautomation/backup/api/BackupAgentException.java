package org.homeautomation.backup.api;

/**
 * A failure of a {@link BackupAgent}. Agents throw only this exception and its subclasses; the manager treats anything
 * else an agent throws as a defect of that agent and records it as that agent's failure.
 */
public class BackupAgentException extends BackupException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for a person
     */
    public BackupAgentException(String message) {
        super(message);
    }

    /**
     * @param message what failed, for a person
     * @param cause the underlying failure
     */
    public BackupAgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
