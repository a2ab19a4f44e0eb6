package org.homeautomation.backup.api;

import java.util.List;
import java.util.Objects;

/**
 * What a successful {@link BackupManager#restore(String, RestoreOptions)} did.
 *
 * @since 1.2
 */
public final class RestoreResult {
    private final String backupId;
    private final String agentId;
    private final List<String> contents;
    private final List<String> warnings;
    private final boolean restartNeeded;

    /**
     * A restore after which the runtime needs no restart.
     *
     * @param backupId the backup restored
     * @param agentId the agent it was read from
     * @param contents the contents restored, in archive order
     * @param warnings what a person should know, such as a participant that failed in postRestore
     */
    public RestoreResult(String backupId, String agentId, List<String> contents, List<String> warnings) {
        this(backupId, agentId, contents, warnings, false);
    }

    /**
     * @param backupId the backup restored
     * @param agentId the agent it was read from
     * @param contents the contents restored, in archive order
     * @param warnings what a person should know, such as a participant that failed in postRestore
     * @param restartNeeded whether the runtime must restart to see the restored state (see {@link #restartNeeded()})
     * @since 1.3
     */
    public RestoreResult(String backupId, String agentId, List<String> contents, List<String> warnings,
            boolean restartNeeded) {
        this.backupId = Objects.requireNonNull(backupId, "backupId");
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.contents = List.copyOf(contents);
        this.warnings = List.copyOf(warnings);
        this.restartNeeded = restartNeeded;
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
     * @since 1.3
     */
    public boolean restartNeeded() {
        return restartNeeded;
    }

    @Override
    public String toString() {
        return "RestoreResult[" + backupId + " from " + agentId + ": " + contents + "]";
    }
}
