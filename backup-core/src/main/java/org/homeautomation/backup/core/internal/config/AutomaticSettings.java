package org.homeautomation.backup.core.internal.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.core.internal.retention.RetentionPolicy;
import org.homeautomation.backup.core.internal.retention.RetentionRules;
import org.homeautomation.backup.core.internal.schedule.Schedule;

/**
 * The automatic backup configuration, checked.
 *
 * @param schedule when backups run
 * @param agents the agents to upload to; empty for all
 * @param contents the contents to include; empty for all
 * @param retention the retention rules
 * @param catchUpDelay how long after start-up a missed run is made
 */
public record AutomaticSettings(Schedule schedule, Set<String> agents, Set<String> contents,
        RetentionPolicy retention, Duration catchUpDelay, Optional<Password> password) {
    /** The largest random delay window: beyond it a run could slide past the next day's. */
    static final int MAX_RANDOM_DELAY_MINUTES = 360;

    /**
     * @param config the typed configuration
     * @return the settings
     * @throws IllegalArgumentException when a value is invalid, naming the key and what is allowed
     */
    public static AutomaticSettings from(AutomaticBackupConfiguration config) {
        LocalTime time;
        try {
            time = LocalTime.parse(config.time().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time must be a time of day as HH:mm, such as 04:45, was '"
                    + config.time() + "'");
        }
        if (config.randomDelayMinutes() < 0 || config.randomDelayMinutes() > MAX_RANDOM_DELAY_MINUTES) {
            throw new IllegalArgumentException("randomDelayMinutes must be between 0 and " + MAX_RANDOM_DELAY_MINUTES
                    + ", was " + config.randomDelayMinutes());
        }
        Duration delay = Duration.ofMinutes(config.randomDelayMinutes());
        Schedule schedule = switch (config.schedule().trim().toLowerCase(Locale.ROOT)) {
            case "never", "" -> Schedule.NEVER;
            case "daily" -> new Schedule(Schedule.Kind.DAILY, Set.of(), time, delay);
            case "days" -> {
                Set<DayOfWeek> days = days(config.days());
                if (days.isEmpty()) {
                    throw new IllegalArgumentException("schedule 'days' needs at least one day in 'days' (MON..SUN)");
                }
                yield new Schedule(Schedule.Kind.DAYS, days, time, delay);
            }
            default -> throw new IllegalArgumentException("schedule must be never, daily or days, was '"
                    + config.schedule() + "'");
        };
        if (config.catchUpDelaySeconds() < 0) {
            throw new IllegalArgumentException("catchUpDelaySeconds must be 0 or more, was "
                    + config.catchUpDelaySeconds());
        }
        RetentionRules global = new RetentionRules(config.keepLast(), config.keepDaily(), config.keepWeekly(),
                config.keepMonthly(), config.maxAgeDays());
        RetentionPolicy retention = RetentionPolicy.parse(global, Arrays.asList(config.agentOverrides()));
        Optional<Password> password = Optional.empty();
        if (config.protect()) {
            password = Password.of(config.password().toCharArray());
            if (password.isEmpty()) {
                throw new IllegalArgumentException("protect is on but no password is set; set 'password' or turn"
                        + " 'protect' off");
            }
        }
        return new AutomaticSettings(schedule, ids("agents", config.agents()), ids("contents", config.contents()),
                retention, Duration.ofSeconds(config.catchUpDelaySeconds()), password);
    }

    private static Set<DayOfWeek> days(String[] names) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            DayOfWeek match = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().equals(n) || (n.length() == 3 && d.name().startsWith(n))) {
                    match = d;
                }
            }
            if (match == null) {
                unknown.add(name);
            } else {
                days.add(match);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("days must name days of the week as MON, TUE, WED, THU, FRI, SAT,"
                    + " SUN; not understood: " + unknown);
        }
        return days;
    }

    private static Set<String> ids(String key, String[] values) {
        Set<String> ids = new LinkedHashSet<>();
        for (String v : values) {
            String id = v.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!Identifiers.isValidAgentId(id)) {
                throw new IllegalArgumentException(key + " holds '" + id + "', which is not a valid id: use 1 to 64"
                        + " characters of a-z, 0-9, '.', '-' and '_'");
            }
            ids.add(id);
        }
        return java.util.Collections.unmodifiableSet(ids);
    }
}
