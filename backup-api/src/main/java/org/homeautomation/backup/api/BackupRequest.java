package org.homeautomation.backup.api;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@link BackupManager#create(BackupRequest)} is asked to make. Made with {@link #builder(String)} so that
 * options can be added later.
 */
public final class BackupRequest {
    private final String name;
    private final Set<String> agentIds;
    private final Set<String> contents;

    private BackupRequest(Builder b) {
        this.name = BackupMetadata.requireValidName(b.name);
        this.agentIds = Set.copyOf(b.agentIds);
        this.contents = Set.copyOf(b.contents);
    }

    /**
     * @param name the backup's name for people, see {@link BackupMetadata#requireValidName(String)}
     * @return a builder for a backup of every content to every agent
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the backup's name */
    public String name() {
        return name;
    }

    /** @return the agents to upload to; empty means every agent registered when the backup starts */
    public Set<String> agentIds() {
        return agentIds;
    }

    /** @return the contents to include; empty means every configured source and every participant */
    public Set<String> contents() {
        return contents;
    }

    @Override
    public String toString() {
        return "BackupRequest[name=" + name + ", agents=" + agentIds + ", contents=" + contents + "]";
    }

    /** Builds a {@link BackupRequest}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Set<String> agentIds = new LinkedHashSet<>();
        private final Set<String> contents = new LinkedHashSet<>();

        private Builder(String name) {
            this.name = name;
        }

        /** @param ids agent ids to upload to, added to those given before @return this */
        public Builder agents(Collection<String> ids) {
            ids.forEach(Identifiers::requireValidAgentId);
            agentIds.addAll(ids);
            return this;
        }

        /** @param ids agent ids to upload to, added to those given before @return this */
        public Builder agents(String... ids) {
            return agents(java.util.List.of(ids));
        }

        /** @param names content names to include, added to those given before @return this */
        public Builder contents(Collection<String> names) {
            names.forEach(Identifiers::requireValidAgentId);
            contents.addAll(names);
            return this;
        }

        /** @param names content names to include, added to those given before @return this */
        public Builder contents(String... names) {
            return contents(java.util.List.of(names));
        }

        /**
         * @return the request
         * @throws IllegalArgumentException when the name is not valid
         */
        public BackupRequest build() {
            return new BackupRequest(this);
        }
    }
}
