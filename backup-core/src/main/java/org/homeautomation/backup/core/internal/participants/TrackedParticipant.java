package org.homeautomation.backup.core.internal.participants;

import java.util.Comparator;

import org.homeautomation.backup.api.BackupParticipant;

/**
 * A registered participant with its id, read once at registration.
 *
 * @param id the participant's id, its content name
 * @param ranking its service ranking: higher runs first
 * @param serviceId its service id: the tie-breaker, lower runs first
 * @param participant the service
 */
public record TrackedParticipant(String id, int ranking, long serviceId, BackupParticipant participant) {

    /** The order preBackup runs in: descending ranking, then ascending service id. */
    public static final Comparator<TrackedParticipant> RUN_ORDER = Comparator
            .comparingInt(TrackedParticipant::ranking).reversed().thenComparingLong(TrackedParticipant::serviceId);
}
