package org.homeautomation.backup.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.core.internal.retention.RetentionRules;
import org.homeautomation.backup.core.internal.schedule.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutomaticSettingsTest {

    @Test
    void theDefaultsAreOffAtFourFortyFiveWithAnHourOfSpreadAndThreeCopies() {
        AutomaticSettings s = AutomaticSettings.from(config(Map.of()));
        assertEquals(Schedule.NEVER, s.schedule());
        AutomaticSettings daily = AutomaticSettings.from(config(Map.of("schedule", "daily")));
        assertEquals(new Schedule(Schedule.Kind.DAILY, Set.of(), LocalTime.of(4, 45), Duration.ofMinutes(60)),
                daily.schedule());
        assertEquals(new RetentionRules(3, 0, 0, 0, 0), daily.retention().global());
        assertEquals(Duration.ofMinutes(5), daily.catchUpDelay());
    }

    @Test
    void daysAndSecondsAreUnderstood() {
        AutomaticSettings s = AutomaticSettings.from(config(Map.of("schedule", "days",
                "days", new String[] { "mon", "SATURDAY", " " }, "time", "21:07:30", "agents",
                new String[] { "local", "nas" })));
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), s.schedule().days());
        assertEquals(LocalTime.of(21, 7, 30), s.schedule().time());
        assertEquals(Set.of("local", "nas"), s.agents());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            schedule           | hourly | schedule must be never, daily or days
            time               | 4:45pm | time must be a time of day as HH:mm
            time               | 25:00  | time must be a time of day as HH:mm
            randomDelayMinutes | 361    | randomDelayMinutes must be between 0 and 360
            keepLast           | -2     | keepLast must be 0 (off) or more
            agents             | NAS!   | agents holds 'NAS!'
            days               | Funday | not understood: [Funday]
            """)
    void invalidValuesNameTheirKey(String key, String value, String expected) {
        Object typed = switch (key) {
            case "randomDelayMinutes", "keepLast" -> Integer.valueOf(value);
            case "agents", "days" -> new String[] { value };
            default -> value;
        };
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("schedule", "days", "days",
                new String[] { "MON" }));
        properties.put(key, typed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutomaticSettings.from(config(properties)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void daysWithoutAnyDayIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutomaticSettings.from(config(Map.of("schedule", "days"))));
        assertTrue(e.getMessage().contains("at least one day"), e.getMessage());
    }

    @Test
    void protectionNeedsAPasswordAndNeverShowsIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutomaticSettings.from(config(Map.of("protect", true))));
        assertTrue(e.getMessage().contains("password"), e.getMessage());

        AutomaticSettings s = AutomaticSettings.from(config(Map.of("protect", true, "password", "s3cret-words")));
        assertEquals("s3cret-words", new String(s.password().orElseThrow().chars()));
        assertTrue(!s.toString().contains("s3cret"), s.toString());
        assertEquals(java.util.Optional.empty(), AutomaticSettings.from(config(Map.of("password", "unused")))
                .password(), "a password without 'protect' protects nothing");
    }

    /** The typed configuration as DS makes it: the given properties, the annotation's defaults for the rest. */
    private static AutomaticBackupConfiguration config(Map<String, Object> properties) {
        return (AutomaticBackupConfiguration) java.lang.reflect.Proxy.newProxyInstance(
                AutomaticBackupConfiguration.class.getClassLoader(), new Class<?>[] {
                        AutomaticBackupConfiguration.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || method.getDeclaringClass() == Annotation.class) {
                        return method.getName().equals("annotationType") ? AutomaticBackupConfiguration.class
                                : null;
                    }
                    Object v = properties.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
