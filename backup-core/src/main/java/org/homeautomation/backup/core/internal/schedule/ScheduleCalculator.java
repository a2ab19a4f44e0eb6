package org.homeautomation.backup.core.internal.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The scheduled instants ("slots") of a {@link Schedule} in a time zone. Pure java.time, no clock of its own.
 *
 * <p>Each scheduled date has exactly one slot, made by {@link ZonedDateTime#of}: on the night clocks spring forward a
 * time that does not exist (02:30 in Europe/Berlin) moves forward by the length of the gap (03:30 summer time), and
 * on the night they fall back a time that exists twice takes the earlier offset. So a backup runs once on both
 * nights, never zero times and never twice.
 */
public final class ScheduleCalculator {
    /** A weekly schedule has a slot in every eight consecutive dates; one more for the zone's offset change. */
    private static final int DAYS_SEARCHED = 9;

    private ScheduleCalculator() {
    }

    /**
     * @param schedule the schedule
     * @param date a local date
     * @param zone the time zone
     * @return the slot of that date, or empty when the schedule does not run on it
     */
    public static Optional<Instant> slotOn(Schedule schedule, LocalDate date, ZoneId zone) {
        if (!schedule.runsOn(date.getDayOfWeek())) {
            return Optional.empty();
        }
        return Optional.of(ZonedDateTime.of(date, schedule.time(), zone).toInstant());
    }

    /**
     * @param schedule the schedule
     * @param after an instant
     * @param zone the time zone
     * @return the first slot strictly after {@code after}, or empty when the schedule never runs
     */
    public static Optional<Instant> nextSlot(Schedule schedule, Instant after, ZoneId zone) {
        if (!schedule.isActive()) {
            return Optional.empty();
        }
        // Start a day early: the slot of the previous local date can lie after 'after' only if the offset moved,
        // and starting early costs nothing.
        LocalDate date = after.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i <= DAYS_SEARCHED; i++, date = date.plusDays(1)) {
            Optional<Instant> slot = slotOn(schedule, date, zone);
            if (slot.isPresent() && slot.get().isAfter(after)) {
                return slot;
            }
        }
        throw new IllegalStateException("No slot of " + schedule + " within " + DAYS_SEARCHED + " days of " + after);
    }

    /**
     * @param schedule the schedule
     * @param atOrBefore an instant
     * @param zone the time zone
     * @return the last slot at or before {@code atOrBefore}, or empty when the schedule never runs
     */
    public static Optional<Instant> previousSlot(Schedule schedule, Instant atOrBefore, ZoneId zone) {
        if (!schedule.isActive()) {
            return Optional.empty();
        }
        LocalDate date = atOrBefore.atZone(zone).toLocalDate().plusDays(1);
        for (int i = 0; i <= DAYS_SEARCHED; i++, date = date.minusDays(1)) {
            Optional<Instant> slot = slotOn(schedule, date, zone);
            if (slot.isPresent() && !slot.get().isAfter(atOrBefore)) {
                return slot;
            }
        }
        throw new IllegalStateException("No slot of " + schedule + " within " + DAYS_SEARCHED + " days before "
                + atOrBefore);
    }
}
