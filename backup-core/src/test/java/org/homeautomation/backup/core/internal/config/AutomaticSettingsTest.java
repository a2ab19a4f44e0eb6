package org.homeautomation.backup.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeautomation.backup.core.internal.retention.RetentionRules;
import org.homeautomation.backup.core.internal.schedule.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The automatic backups' configuration read from its raw properties: as a Karaf {@code .cfg} file gives them (texts,
 * lists in one text) and as Metatype and the Web Console do (typed values, arrays). Before, DS converted them into
 * {@link AutomaticBackupConfiguration} and {@code randomDelayMinutes = abc} failed the scheduler's activation.
 */
class AutomaticSettingsTest {
    private static final String INVALID = "The configuration org.homeautomation.backup.automatic is invalid: ";

    @Test
    void theDefaultsAreOffAtFourFortyFiveWithAnHourOfSpreadAndThreeCopies() {
        AutomaticSettings s = AutomaticSettings.from(Map.of());
        assertEquals(Schedule.NEVER, s.schedule());
        assertEquals(Set.of(), s.agents());
        assertEquals(Set.of(), s.contents());
        assertEquals(Optional.empty(), s.password());
        AutomaticSettings daily = AutomaticSettings.from(Map.of("schedule", "daily"));
        assertEquals(new Schedule(Schedule.Kind.DAILY, Set.of(), LocalTime.of(4, 45), Duration.ofMinutes(60)),
                daily.schedule());
        assertEquals(new RetentionRules(3, 0, 0, 0, 0), daily.retention().global());
        assertEquals(Map.of(), daily.retention().overrides());
        assertEquals(Duration.ofMinutes(5), daily.catchUpDelay());
        assertEquals(Schedule.NEVER, AutomaticSettings.from(Map.of("schedule", " ")).schedule(), "blank is unset");
    }

    @Test
    void daysAndSecondsAreUnderstood() {
        AutomaticSettings s = AutomaticSettings.from(Map.of("schedule", "Days",
                "days", new String[] { "mon", "SATURDAY", " " }, "time", "21:07:30", "agents",
                new String[] { "local", "nas" }));
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), s.schedule().days());
        assertEquals(LocalTime.of(21, 7, 30), s.schedule().time());
        assertEquals(List.of("local", "nas"), List.copyOf(s.agents()));
    }

    /** How a Karaf .cfg file with one plain value gives every value: as texts, lists in one text. */
    @Test
    void valuesComeAsTextsFromCfgFiles() {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("schedule", "days");
        cfg.put("days", "[ \"TUE\", \"fri\" ]");
        cfg.put("time", " 03:15 ");
        cfg.put("randomDelayMinutes", "0");
        cfg.put("agents", "local, nas");
        cfg.put("contents", "[ \"etc\", \"rules\" ]");
        cfg.put("keepLast", "7");
        cfg.put("keepDaily", "6");
        cfg.put("keepWeekly", "5");
        cfg.put("keepMonthly", "4");
        cfg.put("maxAgeDays", "400");
        cfg.put("agentOverrides", "nas:keepLast=10,maxAgeDays=90, usb : keepLast=2");
        cfg.put("protect", "TRUE");
        cfg.put("password", " spaces count ");
        cfg.put("catchUpDelaySeconds", "30");
        AutomaticSettings s = AutomaticSettings.from(cfg);

        assertEquals(new Schedule(Schedule.Kind.DAYS, Set.of(DayOfWeek.TUESDAY, DayOfWeek.FRIDAY),
                LocalTime.of(3, 15), Duration.ZERO), s.schedule());
        assertEquals(List.of("local", "nas"), List.copyOf(s.agents()));
        assertEquals(List.of("etc", "rules"), List.copyOf(s.contents()));
        assertEquals(new RetentionRules(7, 6, 5, 4, 400), s.retention().global());
        assertEquals(Map.of("nas", new RetentionRules(10, 6, 5, 4, 90), "usb", new RetentionRules(2, 6, 5, 4, 400)),
                s.retention().overrides());
        assertEquals(" spaces count ", new String(s.password().orElseThrow().chars()), "a password is not trimmed");
        assertEquals(Duration.ofSeconds(30), s.catchUpDelay());
    }

    /** How Metatype, the Web Console and a typed .cfg file give them. */
    @Test
    void valuesComeTypedFromMetatype() {
        Map<String, Object> typed = new HashMap<>();
        typed.put("schedule", "daily");
        typed.put("randomDelayMinutes", 360);
        typed.put("keepLast", 0);
        typed.put("maxAgeDays", 30L);
        typed.put("agentOverrides", new String[] { "nas:keepLast=10,maxAgeDays=90", "usb:keepLast=2" });
        typed.put("protect", Boolean.FALSE);
        typed.put("password", "unused");
        typed.put("catchUpDelaySeconds", 0L);
        AutomaticSettings s = AutomaticSettings.from(typed);

        assertEquals(Duration.ofMinutes(360), s.schedule().randomDelay());
        assertEquals(new RetentionRules(0, 0, 0, 0, 30), s.retention().global());
        assertEquals(new RetentionRules(10, 0, 0, 0, 90), s.retention().rulesFor("nas"));
        assertEquals(new RetentionRules(2, 0, 0, 0, 30), s.retention().rulesFor("usb"));
        assertEquals(Optional.empty(), s.password(), "a password without 'protect' protects nothing");
        assertEquals(Duration.ZERO, s.catchUpDelay());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            schedule            | hourly             | schedule = 'hourly': must be one of never, daily, days
            days                | Funday             | days = 'Funday': must be days of the week: MON, TUE
            days                | [ "MON", "TUE ]    | days = '[ "MON", "TUE ]': is not a list as
            time                | 4:45pm             | time = '4:45pm': must be a time of day as HH:mm
            time                | 25:00              | time = '25:00': must be a time of day as HH:mm
            randomDelayMinutes  | abc                | randomDelayMinutes = 'abc': must be a whole number from 0 to 360
            randomDelayMinutes  | 361                | randomDelayMinutes = '361': must be a whole number from 0 to 360
            randomDelayMinutes  | -1                 | randomDelayMinutes = '-1': must be a whole number from 0 to 360
            randomDelayMinutes  | 1.5                | randomDelayMinutes = '1.5': must be a whole number from 0 to 360
            agents              | local, NAS!        | agents = 'NAS!': must be agent ids: 1 to 64 characters
            agents              | [ "local" "nas" ]  | agents = '[ "local" "nas" ]': is not a list as
            contents            | etc/x              | contents = 'etc/x': must be content names
            keepLast            | x                  | keepLast = 'x': must be a whole number of 0 or more
            keepLast            | -2                 | keepLast = '-2': must be a whole number of 0 or more
            keepDaily           | seven              | keepDaily = 'seven': must be a whole number of 0 or more
            keepWeekly          | -1                 | keepWeekly = '-1': must be a whole number of 0 or more
            keepMonthly         | 1e3                | keepMonthly = '1e3': must be a whole number of 0 or more
            maxAgeDays          | 3000000000         | maxAgeDays = '3000000000': must be a whole number of 0 or more
            agentOverrides      | nas                | agentOverrides = 'nas': must be agentId:key=value[,key=value]
            agentOverrides      | nas:keepLast=three | agentOverrides = 'nas:keepLast=three': keepLast must be a whole
            agentOverrides      | nas:keepLots=3     | agentOverrides = 'nas:keepLots=3': Unknown retention rule
            agentOverrides      | nas:keepLast=-1    | agentOverrides = 'nas:keepLast=-1': keepLast must be 0 (off)
            agentOverrides      | nas:keepLast=1, nas:maxAgeDays=2 | agentOverrides = 'nas:maxAgeDays=2': names agent
            protect             | yes                | protect = 'yes': must be true or false
            protect             | 1                  | protect = '1': must be true or false
            catchUpDelaySeconds | soon               | catchUpDelaySeconds = 'soon': must be a whole number of 0 or more
            catchUpDelaySeconds | -5                 | catchUpDelaySeconds = '-5': must be a whole number of 0 or more
            verifyAfterBackup   | sometimes          | verifyAfterBackup = 'sometimes': must be true or false
            verifyDays          | SUN, Sonntag       | verifyDays = 'Sonntag': must be days of the week: MON, TUE
            """)
    void aWrongTextNamesItsKeyValueAndWhatIsAllowed(String key, String value, String expected) {
        Map<String, Object> properties = new HashMap<>(Map.of("schedule", "days", "days", "MON"));
        properties.put(key, value);
        String message = invalid(properties);
        assertTrue(message.contains(expected), message);
    }

    @Test
    void aWrongTypeIsNamedWithItsType() {
        assertEquals(INVALID + "randomDelayMinutes = true (Boolean): must be a whole number from 0 to 360",
                invalid(Map.of("randomDelayMinutes", Boolean.TRUE)));
        assertEquals(INVALID + "keepLast = 2.5 (Double): must be a whole number of 0 or more",
                invalid(Map.of("keepLast", 2.5d)));
        assertEquals(INVALID + "randomDelayMinutes = 400 (Integer): must be a whole number from 0 to 360",
                invalid(Map.of("randomDelayMinutes", 400)));
        assertEquals(INVALID + "schedule = 7 (Integer): must be a text", invalid(Map.of("schedule", 7)));
        assertEquals(INVALID + "time = [04:45]: must be a text",
                invalid(Map.of("time", new String[] { "04:45" })));
        assertEquals(INVALID + "agents = 3 (Integer): must be a list of texts", invalid(Map.of("agents", 3)));
        assertEquals(INVALID + "days = [1, 2]: must be a list of texts", invalid(Map.of("days", new int[] { 1, 2 })));
        assertEquals(INVALID + "protect = 1 (Integer): must be true or false", invalid(Map.of("protect", 1)));
        assertEquals(INVALID + "catchUpDelaySeconds = 3000000000 (Long): must be a whole number of 0 or more",
                invalid(Map.of("catchUpDelaySeconds", 3_000_000_000L)));
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("schedule", "daily");
        properties.put("randomDelayMinutes", "abc");
        properties.put("keepLast", "x");
        properties.put("agents", new String[] { "nas", "Not An Id" });
        String message = invalid(properties);
        assertEquals(INVALID + "randomDelayMinutes = 'abc': must be a whole number from 0 to 360; agents = 'Not An"
                + " Id': must be agent ids: 1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting with a letter"
                + " or digit; keepLast = 'x': must be a whole number of 0 or more", message);
    }

    @Test
    void daysWithoutAnyDayIsRefused() {
        assertEquals(INVALID + "days = (not set): the schedule 'days' needs at least one day: MON, TUE, WED, THU,"
                + " FRI, SAT, SUN", invalid(Map.of("schedule", "days")));
        assertTrue(invalid(Map.of("schedule", "days", "days", new String[] { " " })).contains("at least one day"));
        assertEquals(INVALID + "days = 'Funday': must be days of the week: MON, TUE, WED, THU, FRI, SAT, SUN",
                invalid(Map.of("schedule", "days", "days", "Funday")), "one message for a day not understood");
    }

    @Test
    void protectIsTrueOrFalseInAnyCase() {
        for (Object on : List.of(true, "true", "True", " TRUE ")) {
            assertTrue(AutomaticSettings.from(Map.of("protect", on, "password", "pw")).password().isPresent(),
                    String.valueOf(on));
        }
        for (Object off : List.of(false, "false", "FALSE", "")) {
            assertTrue(AutomaticSettings.from(Map.of("protect", off, "password", "pw")).password().isEmpty(),
                    String.valueOf(off));
        }
    }

    @Test
    void protectionNeedsAPasswordAndNeverShowsIt() {
        assertEquals(INVALID + "protect = true (Boolean): needs a password: set 'password' or turn 'protect' off",
                invalid(Map.of("protect", true)));
        assertTrue(invalid(Map.of("protect", "true", "password", "")).contains("needs a password"));

        AutomaticSettings s = AutomaticSettings.from(Map.of("protect", true, "password", "s3cret-words"));
        assertEquals("s3cret-words", new String(s.password().orElseThrow().chars()));
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void thePasswordIsNeverInAMessage() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("protect", "true");
        properties.put("password", "s3cret-words");
        properties.put("randomDelayMinutes", "abc");
        String message = invalid(properties);
        assertFalse(message.contains("s3cret"), message);
        assertTrue(message.contains("randomDelayMinutes = 'abc'"), message);

        String wrongType = invalid(Map.of("protect", "true", "password", new String[] { "s3cret-words" }));
        assertEquals(INVALID + "password = (value hidden): must be a text; protect = 'true': needs a password: set"
                + " 'password' or turn 'protect' off", wrongType);
    }

    @Test
    void frameworkKeysAreNotTheSchedulers() {
        AutomaticSettings s = AutomaticSettings.from(Map.of("service.pid", "org.homeautomation.backup.automatic",
                "component.id", 12L, "component.name", "AutomaticBackupScheduler", "felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.homeautomation.backup.automatic.cfg", "schedule", "daily"));
        assertEquals(Schedule.Kind.DAILY, s.schedule().kind());
    }

    @Test
    void verifyDaysAddTheirDaysToTheRunsAtTheSameTimeOfDay() {
        AutomaticSettings off = AutomaticSettings.from(Map.of("schedule", "days", "days", "MON, WED"));
        assertEquals(Schedule.NEVER, off.verification(), "no verification of the newest copies by default");
        assertEquals(off.schedule(), off.runSchedule());

        AutomaticSettings s = AutomaticSettings.from(Map.of("schedule", "days", "days", "MON, WED",
                "verifyDays", "sun, WED", "time", "02:10", "randomDelayMinutes", "5"));
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), s.schedule().days(), "backups as before");
        assertEquals(new Schedule(Schedule.Kind.DAYS, Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.SUNDAY), LocalTime.of(2, 10), Duration.ofMinutes(5)), s.runSchedule());
        assertTrue(s.backsUpOn(DayOfWeek.MONDAY) && !s.verifiesNewestOn(DayOfWeek.MONDAY));
        assertTrue(s.backsUpOn(DayOfWeek.WEDNESDAY) && s.verifiesNewestOn(DayOfWeek.WEDNESDAY));
        assertTrue(!s.backsUpOn(DayOfWeek.SUNDAY) && s.verifiesNewestOn(DayOfWeek.SUNDAY));
        assertTrue(!s.backsUpOn(DayOfWeek.FRIDAY) && !s.verifiesNewestOn(DayOfWeek.FRIDAY));

        AutomaticSettings verifyOnly = AutomaticSettings.from(Map.of("verifyDays", new String[] { "SAT" }));
        assertEquals(Schedule.NEVER, verifyOnly.schedule(), "no automatic backups");
        assertEquals(Set.of(DayOfWeek.SATURDAY), verifyOnly.runSchedule().days(), "but a weekly verification");
        assertEquals(LocalTime.of(4, 45), verifyOnly.runSchedule().time());

        AutomaticSettings daily = AutomaticSettings.from(Map.of("schedule", "daily", "verifyDays", "SUN"));
        assertEquals(Schedule.Kind.DAILY, daily.runSchedule().kind());
        assertTrue(daily.backsUpOn(DayOfWeek.SUNDAY) && daily.verifiesNewestOn(DayOfWeek.SUNDAY));
    }

    private static String invalid(Map<String, ?> properties) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AutomaticSettings.from(properties));
        assertTrue(e.getMessage().startsWith(INVALID), e.getMessage());
        return e.getMessage();
    }
}
