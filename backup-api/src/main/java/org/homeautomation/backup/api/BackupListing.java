package org.homeautomation.backup.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backups known across all agents, and the agents that could not be listed.
 */
public final class BackupListing {
    private final List<Backup> backups;
    private final Map<String, String> agentErrors;

    /**
     * @param backups the backups, newest first
     * @param agentErrors agent id to reason, for each agent whose list failed
     */
    public BackupListing(List<Backup> backups, Map<String, String> agentErrors) {
        this.backups = List.copyOf(backups);
        this.agentErrors = java.util.Collections.unmodifiableMap(new TreeMap<>(agentErrors));
    }

    /** @return the backups, newest first; unmodifiable */
    public List<Backup> backups() {
        return backups;
    }

    /** @return agent id to reason, for each agent that could not be listed; unmodifiable */
    public Map<String, String> agentErrors() {
        return agentErrors;
    }
}
