package org.homeautomation.backup.core.internal.participants;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The participants registered now, keyed by service id.
 */
public final class ParticipantRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ParticipantRegistry.class);

    private final Map<Long, TrackedParticipant> byServiceId = new ConcurrentHashMap<>();

    /** Adds a participant service; one whose id cannot be read or is invalid is ignored with an error in the log. */
    public void add(BackupParticipant participant, long serviceId, int ranking, String bundleSymbolicName) {
        String id;
        try {
            id = participant.id();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Ignoring backup participant service {} of bundle {}: its id() failed. Fix or remove that"
                    + " bundle.", serviceId, bundleSymbolicName, e);
            return;
        }
        if (!Identifiers.isValidAgentId(id)) {
            LOG.error("Ignoring backup participant service {} of bundle {}: its id '{}' is not valid (use 1 to 64"
                    + " characters of a-z, 0-9, '.', '-', '_').", serviceId, bundleSymbolicName, id);
            return;
        }
        byServiceId.put(serviceId, new TrackedParticipant(id, ranking, serviceId, participant));
    }

    /** Removes a participant service. */
    public void remove(long serviceId) {
        byServiceId.remove(serviceId);
    }

    /** @return the participants in the order their preBackup runs */
    public List<TrackedParticipant> inRunOrder() {
        return byServiceId.values().stream().sorted(TrackedParticipant.RUN_ORDER).toList();
    }
}
