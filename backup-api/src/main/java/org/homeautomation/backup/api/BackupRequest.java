package org.homeautomation.backup.api;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@link BackupManager#create(BackupRequest)} is asked to make. Made with {@link #builder(String)} so that
 * options can be added later.
 */
public final class BackupRequest {
    private final String name;
    private final Set<String> agentIds;
    private final Set<String> contents;
    private final Map<String, String> extras;
    private final char[] password;

    private BackupRequest(Builder b) {
        this.name = BackupMetadata.requireValidName(b.name);
        this.agentIds = Set.copyOf(b.agentIds);
        this.contents = Set.copyOf(b.contents);
        this.extras = Collections.unmodifiableMap(new TreeMap<>(b.extras));
        this.password = b.password == null ? null : b.password.clone();
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

    /**
     * Facts to record in the backup's {@link BackupMetadata#extras()}, such as
     * {@link BackupMetadata#EXTRA_AUTOMATIC}.
     *
     * @return the extras, sorted by key; unmodifiable
     */
    public Map<String, String> extras() {
        return extras;
    }

    /**
     * The password that protects the backup. Every agent stores it encrypted with this password, except the agents
     * the manager's configuration lists as unprotected ({@code unprotectedAgents}).
     *
     * @return a copy of the password, or empty for an unprotected backup
     */
    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    /** The password is never part of the text. */
    @Override
    public String toString() {
        return "BackupRequest[name=" + name + ", agents=" + agentIds + ", contents=" + contents
                + (extras.isEmpty() ? "" : ", extras=" + extras) + (password == null ? "" : ", protected") + "]";
    }

    /** Builds a {@link BackupRequest}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Set<String> agentIds = new LinkedHashSet<>();
        private final Set<String> contents = new LinkedHashSet<>();
        private final Map<String, String> extras = new LinkedHashMap<>();
        private char[] password;

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
         * Adds a fact to record in the backup's metadata extras, replacing one given before under the same key.
         *
         * @param key the extra's key, not blank
         * @param value its value
         * @return this
         * @throws IllegalArgumentException when the key is blank
         */
        public Builder extra(String key, String value) {
            if (Objects.requireNonNull(key, "key").isBlank()) {
                throw new IllegalArgumentException("An extra's key must not be blank");
            }
            extras.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Protects the backup with a password: its contents are encrypted in the age format (see
         * {@code docs/archive-format.md}).
         *
         * @param password the password, copied; null or empty for an unprotected backup
         * @return this
         */
        public Builder password(char[] password) {
            if (this.password != null) {
                java.util.Arrays.fill(this.password, '\0');
            }
            this.password = password == null || password.length == 0 ? null : password.clone();
            return this;
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
