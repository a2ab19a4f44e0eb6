package org.homeautomation.backup.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The backups known across all agents, and the agents that could not be listed.
 *
 * <p>Instances are made by the manager through {@link #of}; new properties may be added in a minor version.
 */
public final class BackupListing {
    private final List<Backup> backups;
    private final Map<String, String> agentErrors;

    private BackupListing(List<Backup> backups, Map<String, String> agentErrors) {
        this.backups = List.copyOf(Objects.requireNonNull(backups, "backups"));
        this.agentErrors = Collections.unmodifiableMap(
                new TreeMap<>(Backup.copyOfAgentReasons(agentErrors, "agentErrors")));
    }

    /**
     * @param backups the backups, newest first; copied
     * @param agentErrors agent id to reason, for each agent whose list failed; copied
     * @return the listing
     * @throws NullPointerException when an argument, a backup, an agent id or a reason is null
     */
    public static BackupListing of(List<Backup> backups, Map<String, String> agentErrors) {
        return new BackupListing(backups, agentErrors);
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
