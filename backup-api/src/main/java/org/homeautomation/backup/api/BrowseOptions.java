package org.homeautomation.backup.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What {@link BackupBrowser} reads: from which agent, with which password, and which entries. Made with
 * {@link #builder()}.
 *
 * <p>Paths are chosen by globs matched against {@code content/path} (see {@link BackupEntry#fullPath()}): {@code *}
 * stands for any characters but '/', {@code ?} for one character but '/', {@code **} for any number of whole
 * segments, none included; a pattern that chooses a folder chooses everything in it. {@code etc/*.cfg} chooses the
 * {@code .cfg} files at the top of content {@code etc}; {@code data/jsondb} and {@code data/jsondb/**} both choose
 * that folder and everything in it.
 */
public final class BrowseOptions {
    private final String agentId;
    private final String content;
    private final List<String> globs;
    private final char[] password;

    private BrowseOptions(Builder b) {
        this.agentId = b.agentId;
        this.content = b.content;
        this.globs = List.copyOf(b.globs);
        this.password = b.password == null ? null : b.password.clone();
    }

    /** @return a builder for every entry of every content, from the first agent that holds the backup */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the agent to read from, or empty for the first agent (by id) that holds the backup */
    public Optional<String> agentId() {
        return Optional.ofNullable(agentId);
    }

    /** @return the one content to read, or empty for every content */
    public Optional<String> content() {
        return Optional.ofNullable(content);
    }

    /** @return the globs that choose entries, see above; empty chooses every entry; unmodifiable */
    public List<String> globs() {
        return globs;
    }

    /** @return a copy of the password for protected backups, or empty when none was given */
    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    /** The password is never part of the text. */
    @Override
    public String toString() {
        return "BrowseOptions[agent=" + (agentId == null ? "any" : agentId) + ", content="
                + (content == null ? "all" : content) + ", globs=" + globs + (password == null ? "" : ", with password")
                + "]";
    }

    /** Builds {@link BrowseOptions}. Not thread-safe. */
    public static final class Builder {
        private String agentId;
        private String content;
        private final List<String> globs = new ArrayList<>();
        private char[] password;

        private Builder() {
        }

        /**
         * @param id the agent to read from, or null for the first that holds the backup
         * @return this
         * @throws IllegalArgumentException when the id is not a valid agent id
         */
        public Builder agent(String id) {
            this.agentId = id == null ? null : Identifiers.requireValidAgentId(id);
            return this;
        }

        /**
         * @param name the one content to read, or null for every content
         * @return this
         * @throws IllegalArgumentException when the name is not a valid content name
         */
        public Builder content(String name) {
            this.content = name == null ? null : Identifiers.requireValidAgentId(name);
            return this;
        }

        /**
         * @param patterns globs choosing entries, added to those given before
         * @return this
         * @throws IllegalArgumentException when a pattern is empty or absolute
         */
        public Builder globs(Collection<String> patterns) {
            for (String p : patterns) {
                globs.add(requireRelativePattern(p));
            }
            return this;
        }

        /**
         * @param password the password of protected backups, copied; null for none
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
        public BrowseOptions build() {
            return new BrowseOptions(this);
        }
    }

    /**
     * @param pattern a glob or path of a backup, {@code content/path}
     * @return the pattern
     * @throws IllegalArgumentException when it is empty, absolute, or has a {@code ..} segment
     */
    static String requireRelativePattern(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("A path of a backup must not be empty; give content/path, for example"
                    + " etc/org.foo.cfg");
        }
        if (pattern.startsWith("/")) {
            throw new IllegalArgumentException("The path '" + pattern + "' is absolute; paths of a backup start with"
                    + " the content's name, for example etc/org.foo.cfg");
        }
        if (("/" + pattern + "/").contains("/../")) {
            throw new IllegalArgumentException("The path '" + pattern + "' has a '..' segment; paths of a backup"
                    + " stay inside it");
        }
        return pattern;
    }
}
