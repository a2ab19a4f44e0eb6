package org.homeautomation.backup.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link BackupManager#restore(String, RestoreOptions)} restores a backup: from which agent, which contents and
 * paths, where to, and the password of a protected backup. Made with {@link #builder()}.
 */
public final class RestoreOptions {
    private final String agentId;
    private final Set<String> contents;
    private final char[] password;
    private final List<String> paths;
    private final Path target;

    private RestoreOptions(Builder b) {
        this.agentId = b.agentId;
        this.contents = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.contents));
        this.password = b.password == null ? null : b.password.clone();
        this.paths = List.copyOf(b.paths);
        this.target = b.target;
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

    /**
     * @return globs or paths ({@code content/path}, matched as {@link BrowseOptions} describes) choosing the entries
     *         to restore, a chosen folder with everything in it; empty restores the chosen contents whole
     * @since 1.2
     */
    public List<String> paths() {
        return paths;
    }

    /**
     * @return the folder to unpack into instead of the live folders: each content goes to {@code target/<content>},
     *         and nothing live is touched; empty restores into the live folders
     * @since 1.2
     */
    public Optional<Path> target() {
        return Optional.ofNullable(target);
    }

    /** The password is never part of the text. */
    @Override
    public String toString() {
        return "RestoreOptions[agent=" + (agentId == null ? "any" : agentId) + ", contents="
                + (contents.isEmpty() ? "all" : contents) + (paths.isEmpty() ? "" : ", paths=" + paths)
                + (target == null ? "" : ", target=" + target) + (password == null ? "" : ", with password") + "]";
    }

    /** Builds {@link RestoreOptions}. Not thread-safe. */
    public static final class Builder {
        private String agentId;
        private final Set<String> contents = new LinkedHashSet<>();
        private char[] password;
        private final List<String> paths = new ArrayList<>();
        private Path target;

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

        /**
         * @param globs globs or paths ({@code content/path}) choosing what to restore, added to those given before
         * @return this
         * @throws IllegalArgumentException when one is empty, absolute or has a {@code ..} segment
         * @since 1.2
         */
        public Builder paths(Collection<String> globs) {
            for (String g : globs) {
                paths.add(BrowseOptions.requireRelativePattern(g));
            }
            return this;
        }

        /**
         * @param folder an absolute folder to unpack into instead of the live folders; null for the live folders
         * @return this
         * @throws IllegalArgumentException when the folder is not absolute
         * @since 1.2
         */
        public Builder target(Path folder) {
            if (folder != null && !folder.isAbsolute()) {
                throw new IllegalArgumentException("The folder to restore into must be an absolute path, not '"
                        + folder + "'");
            }
            this.target = folder == null ? null : folder.normalize();
            return this;
        }

        /** @return the options */
        public RestoreOptions build() {
            return new RestoreOptions(this);
        }
    }
}
