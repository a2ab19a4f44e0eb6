package org.homeautomation.backup.core.internal.create;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;

/**
 * Everything one backup was asked to do, resolved when it was accepted: later changes to the registered agents,
 * participants or configuration do not change a running backup (except that an agent that goes away fails).
 *
 * @param id the backup id
 * @param name the backup name
 * @param createdAt when it was requested
 * @param agents where it is uploaded to
 * @param sources the configured folders it includes, by content name
 * @param participants the participants whose contents it includes, in run order
 * @param settings the configuration it runs with
 * @param extras facts recorded in the metadata's extras and the archive's backup.json
 * @param password the password protecting the backup on every agent not configured as unprotected, if any
 */
public record BackupPlan(String id, String name, Instant createdAt, List<TrackedAgent> agents,
        Map<String, Path> sources, List<TrackedParticipant> participants, ManagerSettings settings,
        Map<String, String> extras, Optional<Password> password) {

    /** A plan for an unprotected backup. */
    public BackupPlan(String id, String name, Instant createdAt, List<TrackedAgent> agents, Map<String, Path> sources,
            List<TrackedParticipant> participants, ManagerSettings settings, Map<String, String> extras) {
        this(id, name, createdAt, agents, sources, participants, settings, extras, Optional.empty());
    }

    /** Copies the extras. */
    public BackupPlan {
        extras = Map.copyOf(extras);
    }
}
