package org.homeautomation.backup.api;

/**
 * A request named an agent id that no registered {@link BackupAgent} has.
 */
public class UnknownAgentException extends BackupException {
    private static final long serialVersionUID = 1L;

    private final String agentId;

    /**
     * @param agentId the id that was asked for
     * @param message which agents exist, for a person
     */
    public UnknownAgentException(String agentId, String message) {
        super(message);
        this.agentId = agentId;
    }

    /**
     * @return the id that was asked for
     */
    public String agentId() {
        return agentId;
    }
}
