package org.homeautomation.backup.core.internal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When the next automatic backup runs: random delays inside their window, missed runs caught up once, a restart
 * inside the delay window keeping the day's run. Time is given, never waited for.
 */
class RunPlannerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration GRACE = Duration.ofMinutes(5);

    private static Schedule daily(String time, int delayMinutes) {
        return new Schedule(Schedule.Kind.DAILY, Set.of(), LocalTime.parse(time), Duration.ofMinutes(delayMinutes));
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    @Test
    void randomDelaysStayInTheirWindowAndSpreadOverIt() {
        RunPlanner planner = new RunPlanner(daily("04:45", 60), BERLIN, new Random(7));
        Instant slot = at("2025-06-02T04:45+02:00");
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            PlannedRun run = planner.next(at("2025-06-02T04:00+02:00")).orElseThrow();
            assertEquals(slot, run.slot());
            long delay = Duration.between(run.slot(), run.runAt()).toSeconds();
            assertTrue(delay >= 0 && delay <= 3600, "delay " + delay + " s outside 0..60 min");
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(min < 60 && max > 3540, "delays must use the whole window, saw " + min + ".." + max + " s");
    }

    @Test
    void noWindowMeansNoDelay() {
        RunPlanner planner = new RunPlanner(daily("04:45", 0), BERLIN, new Random(7));
        PlannedRun run = planner.next(at("2025-06-02T04:00+02:00")).orElseThrow();
        assertEquals(run.slot(), run.runAt());
        assertFalse(run.catchUp());
    }

    /** Rows: stored next run, whether a run was under way, now; expected planned run and whether it catches up. */
    @ParameterizedTest(name = "stored {0}, interrupted {1}, start at {2} -> {3} (catch-up {4})")
    @CsvSource(delimiter = '|', textBlock = """
            # Down for a week: one catch-up after the grace delay, not seven.
            2025-06-02T04:45+02:00 | false | 2025-06-09T12:00+02:00 | 2025-06-09T12:05+02:00 | true
            # Down over one night.
            2025-06-02T04:45+02:00 | false | 2025-06-02T09:00+02:00 | 2025-06-02T09:05+02:00 | true
            # Started before the stored run: nothing was missed, it stays.
            2025-06-02T04:45+02:00 | false | 2025-06-02T04:00+02:00 | 2025-06-02T04:45+02:00 | false
            # The regular run comes before the catch-up would: the regular run is enough.
            2025-06-02T04:45+02:00 | false | 2025-06-03T04:42+02:00 | 2025-06-03T04:45+02:00 | false
            # A run cut off by the stop is made again.
            2025-06-03T04:45+02:00 | true  | 2025-06-02T05:00+02:00 | 2025-06-02T05:05+02:00 | true
            # First start ever: nothing to catch up.
                                   | false | 2025-06-02T09:00+02:00 | 2025-06-03T04:45+02:00 | false
            """)
    void atStart(String stored, boolean interrupted, String now, String expectedRunAt, boolean catchUp) {
        RunPlanner planner = new RunPlanner(daily("04:45", 0), BERLIN, new Random(1));
        PlannedRun run = planner.atStart(at(now), Optional.ofNullable(stored).map(RunPlannerTest::at), interrupted,
                GRACE).orElseThrow();
        assertEquals(at(expectedRunAt), run.runAt());
        assertEquals(catchUp, run.catchUp());
    }

    @Test
    void aRestartInsideTheDelayWindowKeepsTheDaysRun() {
        RunPlanner planner = new RunPlanner(daily("04:45", 60), BERLIN, new Random(3));
        Instant stored = at("2025-06-02T05:25+02:00");
        PlannedRun run = planner.atStart(at("2025-06-02T05:00+02:00"), Optional.of(stored), false, GRACE)
                .orElseThrow();
        assertEquals(stored, run.runAt(), "the run drawn before the restart must stay, not move to tomorrow");
        assertEquals(at("2025-06-02T04:45+02:00"), run.slot());
    }

    @Test
    void aStoredRunThatNoLongerFitsTheScheduleIsReplaced() {
        // Weekly on Sunday before the stop, daily after it: the stored Sunday run is not the next one.
        RunPlanner planner = new RunPlanner(daily("04:45", 0), BERLIN, new Random(3));
        PlannedRun run = planner.atStart(at("2025-06-02T09:00+02:00"), Optional.of(at("2025-06-08T04:45+02:00")),
                false, GRACE).orElseThrow();
        assertEquals(at("2025-06-03T04:45+02:00"), run.runAt());
    }

    @Test
    void neverPlansNothingEvenWithAMissedRun() {
        RunPlanner planner = new RunPlanner(Schedule.NEVER, BERLIN, new Random(3));
        assertEquals(Optional.empty(), planner.atStart(at("2025-06-09T12:00+02:00"),
                Optional.of(at("2025-06-02T04:45+02:00")), true, GRACE));
        assertEquals(Optional.empty(), planner.next(Instant.now(Clock.systemUTC())));
    }

    @Test
    void afterARunTheNextIsTheFollowingSlotOnce() {
        // Autumn night: the run at the first 02:30 must not be followed by one at the second.
        RunPlanner planner = new RunPlanner(daily("02:30", 0), BERLIN, new Random(3));
        PlannedRun run = planner.next(at("2025-10-26T02:30:00.001+02:00")).orElseThrow();
        assertEquals(at("2025-10-27T02:30+01:00"), run.runAt());
    }
}
