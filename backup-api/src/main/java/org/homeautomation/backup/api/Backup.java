package org.homeautomation.backup.api;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A backup as the manager sees it across all agents: its metadata, the agents that hold it, and the agents whose
 * upload of it failed.
 *
 * <p>Instances are made with {@link #builder()}, so that properties can be added in later versions without breaking
 * code compiled against this one.
 */
public final class Backup {
    private final BackupMetadata metadata;
    private final Set<String> agentIds;
    private final Map<String, String> failedAgents;
    private final Map<String, BackupMetadata> copies;

    private Backup(Builder b) {
        this.metadata = Objects.requireNonNull(b.metadata, "metadata");
        TreeMap<String, BackupMetadata> held = new TreeMap<>();
        if (b.agentIds != null) {
            b.agentIds.forEach(id -> held.put(id, metadata));
        } else {
            b.copies.forEach((agentId, copy) -> held.put(agentId, requireCopyOf(metadata.id(), agentId, copy)));
        }
        this.copies = Collections.unmodifiableMap(held);
        this.agentIds = Collections.unmodifiableSet(new TreeSet<>(held.keySet()));
        this.failedAgents = Collections.unmodifiableMap(new TreeMap<>(b.failedAgents));
    }

    private static BackupMetadata requireCopyOf(String backupId, String agentId, BackupMetadata copy) {
        if (!copy.id().equals(backupId)) {
            throw new IllegalArgumentException("The copy on agent '" + agentId + "' is of backup " + copy.id()
                    + ", not of backup " + backupId);
        }
        return copy;
    }

    /**
     * Copies a map of agent id to reason, refusing nulls with a message that names the agent.
     *
     * @param reasons agent id to reason
     * @param what what the map holds, to name it in the message when it is null
     * @return a modifiable copy in the map's order
     * @throws NullPointerException when the map, an agent id or a reason is null
     */
    static Map<String, String> copyOfAgentReasons(Map<String, String> reasons, String what) {
        Objects.requireNonNull(reasons, what);
        Map<String, String> copy = new LinkedHashMap<>();
        reasons.forEach((agentId, reason) -> copy.put(Objects.requireNonNull(agentId, () -> what + ": agent id"),
                Objects.requireNonNull(reason, () -> what + ": reason for agent '" + agentId + "'")));
        return copy;
    }

    /** @return a builder with no property set: no agent holds the backup and no upload failed */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return each agent that holds the backup, with the metadata of its copy (which says whether that copy is
     *         protected, and its size and digest), sorted by agent id; unmodifiable
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

    /**
     * Builds a {@link Backup}. The agents that hold it are given either as {@link #agentIds(Collection)}, when every
     * copy is described by the backup's metadata, or as {@link #copies(Map)}, when copies differ (protected on one
     * agent, unprotected on another); whichever is called last wins. Not thread-safe.
     */
    public static final class Builder {
        private BackupMetadata metadata;
        private Set<String> agentIds;
        private Map<String, BackupMetadata> copies = new LinkedHashMap<>();
        private Map<String, String> failedAgents = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param metadata the backup's metadata, for what all copies share (id, name, date, contents); required
         * @return this
         */
        public Builder metadata(BackupMetadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /**
         * Sets the agents that hold the backup, each with a copy described by the backup's {@link #metadata}.
         * Replaces any agents or copies set before.
         *
         * @param agentIds the agents' ids; copied
         * @return this
         * @throws NullPointerException when the collection or an id in it is null
         */
        public Builder agentIds(Collection<String> agentIds) {
            Objects.requireNonNull(agentIds, "agentIds");
            Set<String> ids = new LinkedHashSet<>();
            agentIds.forEach(id -> ids.add(Objects.requireNonNull(id, "agentIds: agent id")));
            this.agentIds = ids;
            this.copies = new LinkedHashMap<>();
            return this;
        }

        /**
         * Sets the agents that hold the backup, each with the metadata of its copy. Replaces any agents or copies
         * set before.
         *
         * @param copies agent id to the metadata of the copy it holds; copied
         * @return this
         * @throws NullPointerException when the map, an agent id or a copy's metadata is null
         */
        public Builder copies(Map<String, BackupMetadata> copies) {
            Objects.requireNonNull(copies, "copies");
            Map<String, BackupMetadata> held = new LinkedHashMap<>();
            copies.forEach((agentId, copy) -> held.put(Objects.requireNonNull(agentId, "copies: agent id"),
                    Objects.requireNonNull(copy, () -> "copies: metadata of the copy on agent '" + agentId + "'")));
            this.copies = held;
            this.agentIds = null;
            return this;
        }

        /**
         * Sets the agents whose upload of the backup failed. Replaces any set before; none by default.
         *
         * @param failedAgents agent id to why its upload failed, for a person; copied
         * @return this
         * @throws NullPointerException when the map, an agent id or a reason is null
         */
        public Builder failedAgents(Map<String, String> failedAgents) {
            this.failedAgents = copyOfAgentReasons(failedAgents, "failedAgents");
            return this;
        }

        /**
         * @return the backup; later changes to this builder do not change it
         * @throws NullPointerException when the metadata was not set
         * @throws IllegalArgumentException when a copy set by {@link #copies(Map)} is of another backup (its id
         *         differs from the metadata's), naming the agent
         */
        public Backup build() {
            return new Backup(this);
        }
    }
}
