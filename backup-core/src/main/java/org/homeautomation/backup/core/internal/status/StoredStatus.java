package org.homeautomation.backup.core.internal.status;

import java.util.Objects;

import org.homeautomation.backup.api.AutomaticBackupStatus;

/**
 * What the status file holds: the status people see, and whether a run was under way when it was written, so that
 * a run cut off by a stop is noticed at the next start.
 *
 * @param status the status
 * @param inProgress whether an automatic backup was running
 */
public record StoredStatus(AutomaticBackupStatus status, boolean inProgress) {
    /** Nothing recorded yet. */
    public static final StoredStatus EMPTY = new StoredStatus(AutomaticBackupStatus.empty(), false);

    /** Checks the status is there. */
    public StoredStatus {
        Objects.requireNonNull(status, "status");
    }
}
