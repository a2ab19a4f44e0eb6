package org.homeautomation.backup.api;

import java.util.List;
import java.util.Objects;

/**
 * What a successful {@link BackupManager#restore(String, RestoreOptions)} did.
 *
 * <p>Instances are made with {@link #builder()}, so that properties can be added in later versions without breaking
 * code compiled against this one.
 */
public final class RestoreResult {
    private final String backupId;
    private final String agentId;
    private final List<String> contents;
    private final List<String> warnings;
    private final boolean restartNeeded;

    private RestoreResult(Builder b) {
        this.backupId = Objects.requireNonNull(b.backupId, "backupId");
        this.agentId = Objects.requireNonNull(b.agentId, "agentId");
        this.contents = List.copyOf(b.contents);
        this.warnings = List.copyOf(b.warnings);
        this.restartNeeded = b.restartNeeded;
    }

    /** @return a builder with no property set: no contents, no warnings, no restart needed */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the backup restored */
    public String backupId() {
        return backupId;
    }

    /** @return the agent the archive was read from */
    public String agentId() {
        return agentId;
    }

    /** @return the contents restored, in archive order; unmodifiable */
    public List<String> contents() {
        return contents;
    }

    /** @return warnings for a person; unmodifiable */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @return whether a live folder could not be restored in place (its entries could not be moved, so the folder was
     *         replaced whole): a running runtime that watches it, as Karaf watches {@code etc}, sees no changes in it
     *         until it restarts; the warnings name the folder
     */
    public boolean restartNeeded() {
        return restartNeeded;
    }

    @Override
    public String toString() {
        return "RestoreResult[" + backupId + " from " + agentId + ": " + contents + "]";
    }

    /**
     * Builds a {@link RestoreResult}. Not thread-safe.
     */
    public static final class Builder {
        private String backupId;
        private String agentId;
        private List<String> contents = List.of();
        private List<String> warnings = List.of();
        private boolean restartNeeded;

        private Builder() {
        }

        /** @param backupId the backup restored; required @return this */
        public Builder backupId(String backupId) {
            this.backupId = backupId;
            return this;
        }

        /** @param agentId the agent the archive was read from; required @return this */
        public Builder agentId(String agentId) {
            this.agentId = agentId;
            return this;
        }

        /**
         * @param contents the contents restored, in archive order, replacing any set before; copied
         * @return this
         * @throws NullPointerException when the list or an element is null
         */
        public Builder contents(List<String> contents) {
            this.contents = List.copyOf(Objects.requireNonNull(contents, "contents"));
            return this;
        }

        /**
         * @param warnings what a person should know, such as a participant that failed in postRestore, replacing any
         *        set before; copied
         * @return this
         * @throws NullPointerException when the list or an element is null
         */
        public Builder warnings(List<String> warnings) {
            this.warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
            return this;
        }

        /**
         * @param restartNeeded whether the runtime must restart to see the restored state (see
         *        {@link RestoreResult#restartNeeded()}); false by default
         * @return this
         */
        public Builder restartNeeded(boolean restartNeeded) {
            this.restartNeeded = restartNeeded;
            return this;
        }

        /**
         * @return the result; later changes to this builder do not change it
         * @throws NullPointerException when the backup id or the agent id was not set, naming it
         */
        public RestoreResult build() {
            return new RestoreResult(this);
        }
    }
}
