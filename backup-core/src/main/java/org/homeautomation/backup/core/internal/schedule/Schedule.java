package org.homeautomation.backup.core.internal.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When automatic backups run: never, every day, or on chosen days of the week, at a local time of day, each run
 * delayed by a random amount up to {@code randomDelay}.
 *
 * @param kind never, daily or on some days
 * @param days the days of the week, for {@link Kind#DAYS}; ignored otherwise
 * @param time the local time of day
 * @param randomDelay the width of the random delay window; zero for none
 */
public record Schedule(Kind kind, Set<DayOfWeek> days, LocalTime time, Duration randomDelay) {
    /** How often. */
    public enum Kind {
        /** Automatic backups are off. */
        NEVER,
        /** Every day. */
        DAILY,
        /** On the chosen days of the week. */
        DAYS
    }

    /** The schedule that never runs. */
    public static final Schedule NEVER = new Schedule(Kind.NEVER, Set.of(), LocalTime.of(4, 45), Duration.ZERO);

    /** Checks the fields and copies the days. */
    public Schedule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(randomDelay, "randomDelay");
        if (randomDelay.isNegative()) {
            throw new IllegalArgumentException("randomDelay must not be negative, was " + randomDelay);
        }
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (kind == Kind.DAYS && days.isEmpty()) {
            throw new IllegalArgumentException("A schedule on chosen days needs at least one day");
        }
    }

    /** @return whether backups run at all */
    public boolean isActive() {
        return kind != Kind.NEVER;
    }

    /** @param day a day of the week @return whether a backup is scheduled on it */
    public boolean runsOn(DayOfWeek day) {
        return switch (kind) {
            case NEVER -> false;
            case DAILY -> true;
            case DAYS -> days.contains(day);
        };
    }
}
