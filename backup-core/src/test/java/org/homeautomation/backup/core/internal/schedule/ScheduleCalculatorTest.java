package org.homeautomation.backup.core.internal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The slots of a schedule, in Europe/Berlin, which has both daylight-saving changes: 2025-03-30 at 02:00 the clocks
 * jump to 03:00, 2025-10-26 at 03:00 they go back to 02:00.
 */
class ScheduleCalculatorTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Schedule schedule(String kind, String days, String time) {
        Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        if (!days.isBlank()) {
            Arrays.stream(days.split(" ")).map(DayOfWeek::valueOf).forEach(set::add);
        }
        return new Schedule(Schedule.Kind.valueOf(kind), set, LocalTime.parse(time), Duration.ZERO);
    }

    @ParameterizedTest(name = "{0} {1} {2}, after {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # kind | days          | time  | after (local offset)      | next slot (local offset)
            DAILY  |               | 04:45 | 2025-06-02T04:44:59+02:00 | 2025-06-02T04:45+02:00
            DAILY  |               | 04:45 | 2025-06-02T04:45+02:00    | 2025-06-03T04:45+02:00
            DAILY  |               | 04:45 | 2025-12-31T23:00+01:00    | 2026-01-01T04:45+01:00
            DAYS   | MONDAY        | 04:45 | 2025-06-02T05:00+02:00    | 2025-06-09T04:45+02:00
            DAYS   | MONDAY        | 04:45 | 2025-06-01T23:59+02:00    | 2025-06-02T04:45+02:00
            DAYS   | SATURDAY SUNDAY | 22:00 | 2025-06-02T00:00+02:00  | 2025-06-07T22:00+02:00
            DAYS   | SATURDAY SUNDAY | 22:00 | 2025-06-07T22:00+02:00  | 2025-06-08T22:00+02:00
            DAYS   | SATURDAY SUNDAY | 22:00 | 2025-06-08T22:00+02:00  | 2025-06-14T22:00+02:00
            DAYS   | WEDNESDAY     | 00:00 | 2025-06-03T23:59:59+02:00 | 2025-06-04T00:00+02:00
            # Spring forward: 02:30 does not exist on 2025-03-30; it runs at 03:30 summer time, once.
            DAILY  |               | 02:30 | 2025-03-29T02:30+01:00    | 2025-03-30T03:30+02:00
            DAILY  |               | 02:30 | 2025-03-30T03:30+02:00    | 2025-03-31T02:30+02:00
            DAYS   | SUNDAY        | 02:30 | 2025-03-23T02:31+01:00    | 2025-03-30T03:30+02:00
            # Fall back: 02:30 exists twice on 2025-10-26; it runs at the first (summer time), not again.
            DAILY  |               | 02:30 | 2025-10-25T02:30+02:00    | 2025-10-26T02:30+02:00
            DAILY  |               | 02:30 | 2025-10-26T02:30+02:00    | 2025-10-27T02:30+01:00
            DAILY  |               | 02:30 | 2025-10-26T02:45+02:00    | 2025-10-27T02:30+01:00
            """)
    void nextSlot(String kind, String days, String time, String after, String expected) {
        Optional<Instant> next = ScheduleCalculator.nextSlot(schedule(kind, days == null ? "" : days, time),
                OffsetDateTime.parse(after).toInstant(), BERLIN);
        assertEquals(Optional.of(OffsetDateTime.parse(expected).toInstant()), next);
    }

    @ParameterizedTest(name = "{0} {1} {2}, at or before {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            DAILY  |               | 04:45 | 2025-06-02T04:45+02:00 | 2025-06-02T04:45+02:00
            DAILY  |               | 04:45 | 2025-06-02T04:44+02:00 | 2025-06-01T04:45+02:00
            DAYS   | MONDAY        | 04:45 | 2025-06-08T12:00+02:00 | 2025-06-02T04:45+02:00
            DAILY  |               | 02:30 | 2025-03-30T12:00+02:00 | 2025-03-30T03:30+02:00
            DAILY  |               | 02:30 | 2025-10-26T02:45+01:00 | 2025-10-26T02:30+02:00
            """)
    void previousSlot(String kind, String days, String time, String atOrBefore, String expected) {
        Optional<Instant> previous = ScheduleCalculator.previousSlot(schedule(kind, days == null ? "" : days, time),
                OffsetDateTime.parse(atOrBefore).toInstant(), BERLIN);
        assertEquals(Optional.of(OffsetDateTime.parse(expected).toInstant()), previous);
    }

    /** Walks the slots through both nights of a year, as the scheduler does run after run. */
    @Test
    void eachNightOfTheYearHasExactlyOneRunAcrossBothChanges() {
        Schedule daily = schedule("DAILY", "", "02:30");
        Instant t = OffsetDateTime.parse("2025-01-01T00:00+01:00").toInstant();
        Instant end = OffsetDateTime.parse("2026-01-01T00:00+01:00").toInstant();
        List<Instant> slots = new ArrayList<>();
        while (true) {
            t = ScheduleCalculator.nextSlot(daily, t, BERLIN).orElseThrow();
            if (!t.isBefore(end)) {
                break;
            }
            slots.add(t);
        }
        assertEquals(365, slots.size(), "one run per day, no more, no less");
        assertEquals(365, slots.stream().map(s -> s.atZone(BERLIN).toLocalDate()).distinct().count());
        assertTrue(slots.contains(OffsetDateTime.parse("2025-03-30T03:30+02:00").toInstant()));
        assertTrue(slots.contains(OffsetDateTime.parse("2025-10-26T02:30+02:00").toInstant()));
        assertTrue(!slots.contains(OffsetDateTime.parse("2025-10-26T02:30+01:00").toInstant()),
                "the second 02:30 of the autumn night must not run");
    }

    @Test
    void neverHasNoSlot() {
        assertEquals(Optional.empty(), ScheduleCalculator.nextSlot(Schedule.NEVER, Instant.EPOCH, BERLIN));
        assertEquals(Optional.empty(), ScheduleCalculator.previousSlot(Schedule.NEVER, Instant.EPOCH, BERLIN));
    }
}
