package org.homeautomation.backup.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A backup as the manager sees it across all agents: its metadata, the agents that hold it, and the agents whose
 * upload of it failed.
 */
public final class Backup {
    private final BackupMetadata metadata;
    private final Set<String> agentIds;
    private final Map<String, String> failedAgents;
    private final Map<String, BackupMetadata> copies;

    /**
     * @param metadata the backup's metadata
     * @param agentIds the agents that hold it
     * @param failedAgents the agents whose upload failed, with the reason
     */
    public Backup(BackupMetadata metadata, Set<String> agentIds, Map<String, String> failedAgents) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.agentIds = java.util.Collections.unmodifiableSet(new TreeSet<>(agentIds));
        this.failedAgents = java.util.Collections.unmodifiableMap(new TreeMap<>(failedAgents));
        TreeMap<String, BackupMetadata> same = new TreeMap<>();
        agentIds.forEach(id -> same.put(id, metadata));
        this.copies = java.util.Collections.unmodifiableMap(same);
    }

    /**
     * A backup whose agents may hold different copies: protected on some, unprotected on others, so with different
     * sizes and digests.
     *
     * @param metadata the backup's metadata, for what all copies share (id, name, date, contents)
     * @param copies each agent that holds the backup, with the metadata of its copy
     * @param failedAgents the agents whose upload failed, with the reason
     * @since 1.2
     */
    public Backup(BackupMetadata metadata, Map<String, BackupMetadata> copies, Map<String, String> failedAgents) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.copies = java.util.Collections.unmodifiableMap(new TreeMap<>(copies));
        this.agentIds = java.util.Collections.unmodifiableSet(new TreeSet<>(copies.keySet()));
        this.failedAgents = java.util.Collections.unmodifiableMap(new TreeMap<>(failedAgents));
    }

    /**
     * @return each agent that holds the backup, with the metadata of its copy (which says whether that copy is
     *         protected, and its size and digest), sorted by agent id; unmodifiable
     * @since 1.2
     */
    public Map<String, BackupMetadata> copies() {
        return copies;
    }

    /** @return the backup's id */
    public String id() {
        return metadata.id();
    }

    /** @return the backup's metadata */
    public BackupMetadata metadata() {
        return metadata;
    }

    /** @return the ids of the agents that hold the backup now, sorted; unmodifiable */
    public Set<String> agentIds() {
        return agentIds;
    }

    /** @return agent id to reason, for each agent whose upload of this backup failed; unmodifiable */
    public Map<String, String> failedAgents() {
        return failedAgents;
    }

    @Override
    public String toString() {
        return "Backup[" + metadata.id() + " on " + agentIds + (failedAgents.isEmpty() ? "" : ", failed on "
                + failedAgents.keySet()) + "]";
    }
}
