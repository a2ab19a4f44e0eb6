package org.homeautomation.backup.core.internal.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Random;

/**
 * Decides when the next automatic backup runs. Pure: the time, the zone and the random numbers are given.
 *
 * <p>A run's random delay is drawn once, when it is planned. At start-up the run that the status file says was due
 * is kept when it is still ahead and fits the schedule (so a restart inside the delay window does not skip the day);
 * when it is in the past, it was missed while the runtime was down and is caught up once, after a grace delay, however
 * many slots passed meanwhile.
 */
public final class RunPlanner {
    private final Schedule schedule;
    private final ZoneId zone;
    private final Random random;

    /**
     * @param schedule the schedule
     * @param zone the time zone its local time is in
     * @param random draws the random delays
     */
    public RunPlanner(Schedule schedule, ZoneId zone, Random random) {
        this.schedule = schedule;
        this.zone = zone;
        this.random = random;
    }

    /** @return the schedule planned for */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * The run after the current one, or the first after a change of schedule.
     *
     * @param now the current time
     * @return the first slot strictly after {@code now} with a fresh random delay; empty when the schedule never runs
     */
    public Optional<PlannedRun> next(Instant now) {
        return ScheduleCalculator.nextSlot(schedule, now, zone).map(slot -> new PlannedRun(slot,
                slot.plus(randomDelay()), false));
    }

    /**
     * The first run after start-up.
     *
     * @param now the current time
     * @param storedNextRun the next run recorded before the stop, if any
     * @param interrupted whether the status file says a run was under way when the runtime stopped
     * @param grace how long after start-up a missed run is caught up
     * @return the run; empty when the schedule never runs
     */
    public Optional<PlannedRun> atStart(Instant now, Optional<Instant> storedNextRun, boolean interrupted,
            Duration grace) {
        if (!schedule.isActive()) {
            return Optional.empty();
        }
        Optional<PlannedRun> regular = next(now);
        boolean missed = interrupted || storedNextRun.filter(due -> !due.isAfter(now)).isPresent();
        if (missed) {
            Instant catchUpAt = now.plus(grace);
            if (regular.isPresent() && !regular.get().runAt().isAfter(catchUpAt)) {
                return regular;
            }
            Instant missedSlot = ScheduleCalculator.previousSlot(schedule, now, zone).orElse(now);
            return Optional.of(new PlannedRun(missedSlot, catchUpAt, true));
        }
        if (storedNextRun.isPresent()) {
            Instant due = storedNextRun.get();
            Optional<Instant> slot = ScheduleCalculator.previousSlot(schedule, due, zone);
            // It fits when it is its slot plus a delay within the window, and that slot is the next one or the one
            // whose window is open now; otherwise the schedule changed while the runtime was down.
            if (slot.isPresent() && !due.isAfter(slot.get().plus(schedule.randomDelay()))
                    && regular.isPresent() && !slot.get().isAfter(regular.get().slot())) {
                return Optional.of(new PlannedRun(slot.get(), due, false));
            }
        }
        return regular;
    }

    private Duration randomDelay() {
        long window = schedule.randomDelay().toSeconds();
        if (window <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds((long) (random.nextDouble() * (window + 1)));
    }
}
