package org.homeautomation.backup.core.internal.participants;

import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.ParticipantInfo;

/**
 * The participants at one moment against one configuration: those that take part, by id in run order, and every
 * registered one as people see it.
 *
 * @param available the participants that take part, by id, in the order their preBackup runs
 * @param infos every registered participant in run order, the ignored ones with their reason
 */
public record ParticipantRoster(Map<String, TrackedParticipant> available, List<ParticipantInfo> infos) {

    /** @return one warning per ignored participant, for a backup's result and the log */
    public List<String> warnings() {
        return infos.stream().filter(i -> !i.isActive())
                .map(i -> "Backup participant '" + i.id() + "' of bundle " + i.bundleSymbolicName()
                        + " did not take part (its pre and post steps did not run): " + i.problem().orElseThrow()
                        + ".")
                .toList();
    }
}
