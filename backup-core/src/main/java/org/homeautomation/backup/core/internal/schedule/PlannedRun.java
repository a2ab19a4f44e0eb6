package org.homeautomation.backup.core.internal.schedule;

import java.time.Instant;

/**
 * One automatic backup the scheduler waits for.
 *
 * @param slot the scheduled instant it belongs to
 * @param runAt when it starts: the slot plus its random delay, or, for a catch-up, the end of the grace delay
 * @param catchUp whether it replaces a run that was missed while the runtime was down
 */
public record PlannedRun(Instant slot, Instant runAt, boolean catchUp) {
}
