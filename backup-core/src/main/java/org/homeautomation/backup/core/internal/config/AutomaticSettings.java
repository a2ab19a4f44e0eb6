package org.homeautomation.backup.core.internal.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * @param password the password protecting automatic backups, when {@code protect} is on
 * @param verifyAfterBackup whether every stored copy is verified after each automatic backup, before retention
 * @param verification when the newest copy on each agent is read back and checked ({@code verifyDays}, at the same
 *        time of day as the backups); {@link Schedule#NEVER} when never
 */
public record AutomaticSettings(Schedule schedule, Set<String> agents, Set<String> contents,
        RetentionPolicy retention, Duration catchUpDelay, Optional<Password> password, boolean verifyAfterBackup,
        Schedule verification) {
    /** The largest random delay window: beyond it a run could slide past the next day's. */
    static final int MAX_RANDOM_DELAY_MINUTES = 360;

    private static final String DAY_NAMES = "MON, TUE, WED, THU, FRI, SAT, SUN";

    /**
     * Reads the raw properties key by key (see {@link ConfigurationReader}), so that a value DS could not convert
     * ({@code randomDelayMinutes = abc}) is named here rather than failing the component. Keys absent take the
     * defaults of {@link AutomaticBackupConfiguration}.
     *
     * @param properties the configuration's raw properties, as ConfigAdmin holds them; an empty map gives the
     *        defaults (automatic backups off)
     * @return the settings
     * @throws InvalidConfigurationException naming the pid and every invalid key with its value (never the
     *         password) and what is allowed
     */
    public static AutomaticSettings from(Map<String, ?> properties) {
        ConfigurationReader config = new ConfigurationReader(AutomaticBackupConfiguration.PID, properties);
        String scheduleKind = config.choice("schedule", "never", List.of("never", "daily", "days"));
        int problemsBeforeDays = config.problems().size();
        List<String> dayNames = config.list("days");
        boolean daysReadable = config.problems().size() == problemsBeforeDays;
        Set<DayOfWeek> days = days(config, "days", dayNames);
        LocalTime time = time(config);
        Duration delay = Duration.ofMinutes(config.number("randomDelayMinutes", 60, 0, MAX_RANDOM_DELAY_MINUTES));
        Set<String> agents = config.ids("agents", "agent ids");
        Set<String> contents = config.ids("contents", "content names (source names, participant ids)");
        RetentionRules global = new RetentionRules(rule(config, "keepLast", 3), rule(config, "keepDaily", 0),
                rule(config, "keepWeekly", 0), rule(config, "keepMonthly", 0), rule(config, "maxAgeDays", 0));
        Map<String, RetentionRules> overrides = overrides(config, global);
        boolean protect = config.bool("protect", false);
        Optional<Password> password = Password.of(config.untrimmedText("password").toCharArray());
        Duration catchUpDelay = Duration.ofSeconds(config.number("catchUpDelaySeconds", 300, 0, Integer.MAX_VALUE));
        boolean verifyAfterBackup = config.bool("verifyAfterBackup", false);
        Set<DayOfWeek> verifyDays = days(config, "verifyDays", config.list("verifyDays"));

        if (scheduleKind.equals("days") && dayNames.isEmpty() && daysReadable) {
            config.problem("days", properties.get("days"), "the schedule 'days' needs at least one day: " + DAY_NAMES);
        }
        if (protect && password.isEmpty()) {
            config.problem("protect", properties.get("protect"), "needs a password: set 'password' or turn 'protect'"
                    + " off");
        }
        config.throwIfInvalid();
        Schedule schedule = switch (scheduleKind) {
            case "daily" -> new Schedule(Schedule.Kind.DAILY, Set.of(), time, delay);
            case "days" -> new Schedule(Schedule.Kind.DAYS, days, time, delay);
            default -> Schedule.NEVER;
        };
        Schedule verification = verifyDays.isEmpty() ? Schedule.NEVER
                : new Schedule(Schedule.Kind.DAYS, verifyDays, time, delay);
        return new AutomaticSettings(schedule, agents, contents, new RetentionPolicy(global, overrides),
                catchUpDelay, protect ? password : Optional.empty(), verifyAfterBackup, verification);
    }

    /**
     * @return when the scheduler wakes: on the days of the backups and on those of the verification of the newest
     *         copies, at the shared time of day
     */
    public Schedule runSchedule() {
        if (!verification.isActive() || schedule.kind() == Schedule.Kind.DAILY) {
            return schedule;
        }
        Set<DayOfWeek> days = EnumSet.copyOf(verification.days());
        days.addAll(schedule.days());
        return new Schedule(Schedule.Kind.DAYS, days, verification.time(), verification.randomDelay());
    }

    /** @param day the day of a run @return whether the run makes a backup */
    public boolean backsUpOn(DayOfWeek day) {
        return schedule.runsOn(day);
    }

    /** @param day the day of a run @return whether the run verifies the newest copy on each agent */
    public boolean verifiesNewestOn(DayOfWeek day) {
        return verification.runsOn(day);
    }

    private static LocalTime time(ConfigurationReader config) {
        String text = config.text("time", "04:45");
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            config.problem("time", text, "must be a time of day as HH:mm (or HH:mm:ss), such as 04:45");
            return LocalTime.of(4, 45);
        }
    }

    private static Set<DayOfWeek> days(ConfigurationReader config, String key, List<String> names) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : names) {
            String n = name.toUpperCase(Locale.ROOT);
            DayOfWeek match = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().equals(n) || (n.length() == 3 && d.name().startsWith(n))) {
                    match = d;
                }
            }
            if (match == null) {
                config.problem(key, name, "must be days of the week: " + DAY_NAMES);
            } else {
                days.add(match);
            }
        }
        return days;
    }

    private static int rule(ConfigurationReader config, String key, int fallback) {
        return (int) config.number(key, fallback, 0, Integer.MAX_VALUE);
    }

    private static Map<String, RetentionRules> overrides(ConfigurationReader config, RetentionRules global) {
        Map<String, RetentionRules> overrides = new LinkedHashMap<>();
        for (String entry : config.list("agentOverrides", AutomaticSettings::splitOverrides)) {
            try {
                Map.Entry<String, RetentionRules> override = RetentionPolicy.parseOverride(global, entry);
                if (overrides.putIfAbsent(override.getKey(), override.getValue()) != null) {
                    config.problem("agentOverrides", entry, "names agent '" + override.getKey() + "' a second time;"
                            + " merge its rules into one entry");
                }
            } catch (IllegalArgumentException e) {
                config.problem("agentOverrides", entry, e.getMessage());
            }
        }
        return overrides;
    }

    /**
     * Splits {@code nas:keepLast=10,maxAgeDays=90, usb:keepLast=2}, as a {@code .cfg} file gives it in one text,
     * into its entries: a comma starts a new entry only where the part after it names an agent ({@code id:}), since
     * an entry's own rules are separated by commas too.
     */
    private static List<String> splitOverrides(String text) {
        List<String> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            if (entries.isEmpty() || part.contains(":")) {
                entries.add(part);
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "," + part);
            }
        }
        return entries;
    }
}
