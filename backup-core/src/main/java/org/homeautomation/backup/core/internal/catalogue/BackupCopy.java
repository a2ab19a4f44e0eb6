package org.homeautomation.backup.core.internal.catalogue;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;

/**
 * A backup as one agent holds it.
 *
 * @param agent the agent
 * @param metadata the metadata of its copy, whose id is the backup's
 */
public record BackupCopy(TrackedAgent agent, BackupMetadata metadata) {
}
