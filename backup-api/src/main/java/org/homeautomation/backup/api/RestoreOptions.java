package org.homeautomation.backup.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link BackupManager#restore(String, RestoreOptions)} restores a backup: from which agent, which contents, and
 * the password of a protected backup. Made with {@link #builder()}.
 */
public final class RestoreOptions {
    private final String agentId;
    private final Set<String> contents;
    private final char[] password;

    private RestoreOptions(Builder b) {
        this.agentId = b.agentId;
        this.contents = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.contents));
        this.password = b.password == null ? null : b.password.clone();
    }

    /** @return a builder for a restore of every content from the first agent that holds the backup */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the agent to read the backup from, or empty for the first agent (by id) that holds it */
    public Optional<String> agentId() {
        return Optional.ofNullable(agentId);
    }

    /** @return the contents to restore, in the order given; empty means every content of the backup */
    public Set<String> contents() {
        return contents;
    }

    /** @return a copy of the password for a protected backup, or empty when none was given */
    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    /** The password is never part of the text. */
    @Override
    public String toString() {
        return "RestoreOptions[agent=" + (agentId == null ? "any" : agentId) + ", contents="
                + (contents.isEmpty() ? "all" : contents) + (password == null ? "" : ", with password") + "]";
    }

    /** Builds {@link RestoreOptions}. Not thread-safe. */
    public static final class Builder {
        private String agentId;
        private final Set<String> contents = new LinkedHashSet<>();
        private char[] password;

        private Builder() {
        }

        /** @param id the agent to read from, or null for the first that holds the backup @return this */
        public Builder agent(String id) {
            this.agentId = id == null ? null : Identifiers.requireValidAgentId(id);
            return this;
        }

        /** @param names contents to restore, added to those given before @return this */
        public Builder contents(Collection<String> names) {
            names.forEach(Identifiers::requireValidAgentId);
            contents.addAll(names);
            return this;
        }

        /** @param names contents to restore, added to those given before @return this */
        public Builder contents(String... names) {
            return contents(List.of(names));
        }

        /**
         * @param password the password of a protected backup, copied; null for none
         * @return this
         */
        public Builder password(char[] password) {
            if (this.password != null) {
                Arrays.fill(this.password, '\0');
            }
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** @return the options */
        public RestoreOptions build() {
            return new RestoreOptions(this);
        }
    }
}
