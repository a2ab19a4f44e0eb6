package org.homeautomation.backup.api;

/**
 * The agent cannot reach its storage now (a network share not mounted, an endpoint that does not answer, a service
 * that went away while in use). The same call may succeed later; nothing was half-written.
 */
public class AgentUnavailableException extends BackupAgentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached, for a person
     */
    public AgentUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what could not be reached, for a person
     * @param cause the underlying failure
     */
    public AgentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
