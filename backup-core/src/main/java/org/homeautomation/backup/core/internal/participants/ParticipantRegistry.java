package org.homeautomation.backup.core.internal.participants;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.ParticipantInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The participants registered now, keyed by service id, including those that cannot take part (their id is invalid
 * or could not be read): those are kept so that consoles and every backup's result can name them, since a
 * participant that silently does not run loses its quiesce guarantee.
 */
public final class ParticipantRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ParticipantRegistry.class);

    /** One participant service as registered; {@code participant} is null when it cannot take part. */
    private record Registration(long serviceId, int ranking, String bundle, String id, TrackedParticipant participant,
            String problem) {
    }

    private static final Comparator<Registration> RUN_ORDER = Comparator.comparingInt(Registration::ranking)
            .reversed().thenComparingLong(Registration::serviceId);

    private final Map<Long, Registration> byServiceId = new ConcurrentHashMap<>();

    /** Adds a participant service; one whose id cannot be read or is invalid is kept as ignored, with the reason. */
    public void add(BackupParticipant participant, long serviceId, int ranking, String bundleSymbolicName) {
        String id;
        try {
            id = participant.id();
        } catch (RuntimeException | LinkageError e) {
            String problem = "its id() failed (" + e + "); fix or remove bundle " + bundleSymbolicName;
            LOG.error("Ignoring backup participant service {} of bundle {}: {}", serviceId, bundleSymbolicName,
                    problem, e);
            byServiceId.put(serviceId, new Registration(serviceId, ranking, bundleSymbolicName,
                    "service " + serviceId, null, problem));
            return;
        }
        if (id == null || !Identifiers.isValidAgentId(id)) {
            String problem = "its id '" + id + "' is not valid (use 1 to 64 characters of a-z, 0-9, '.', '-' and"
                    + " '_', starting with a letter or digit); fix bundle " + bundleSymbolicName;
            LOG.error("Ignoring backup participant service {} of bundle {}: {}", serviceId, bundleSymbolicName,
                    problem);
            byServiceId.put(serviceId, new Registration(serviceId, ranking, bundleSymbolicName, String.valueOf(id),
                    null, problem));
            return;
        }
        byServiceId.put(serviceId, new Registration(serviceId, ranking, bundleSymbolicName, id,
                new TrackedParticipant(id, ranking, serviceId, participant), null));
    }

    /** Removes a participant service. */
    public void remove(long serviceId) {
        byServiceId.remove(serviceId);
    }

    /** @return the participants with a valid id in the order their preBackup runs, whatever their names */
    public List<TrackedParticipant> inRunOrder() {
        return byServiceId.values().stream().sorted(RUN_ORDER).map(Registration::participant)
                .filter(p -> p != null).toList();
    }

    /**
     * Which participants take part in a backup of these sources, and which are ignored and why.
     *
     * @param sourceNames the names of the configured source folders, which participants may not take
     * @return the roster
     */
    public ParticipantRoster roster(Set<String> sourceNames) {
        Map<String, TrackedParticipant> available = new LinkedHashMap<>();
        List<ParticipantInfo> infos = new ArrayList<>();
        for (Registration r : byServiceId.values().stream().sorted(RUN_ORDER).toList()) {
            String problem = r.problem();
            if (problem == null && sourceNames.contains(r.id())) {
                problem = "a configured source is named '" + r.id() + "' too; rename the source (key 'sources' of"
                        + " org.homeautomation.backup) or the participant (bundle " + r.bundle() + ")";
            } else if (problem == null && available.containsKey(r.id())) {
                problem = "another participant with a higher ranking has the id '" + r.id() + "'; only one runs."
                        + " Give one of them another id (bundle " + r.bundle() + ")";
            }
            if (problem == null) {
                available.put(r.id(), r.participant());
                infos.add(ParticipantInfo.active(r.id(), r.bundle(), r.ranking()));
            } else {
                infos.add(ParticipantInfo.ignored(r.id(), r.bundle(), r.ranking(), problem));
            }
        }
        return new ParticipantRoster(available, infos);
    }
}
