package org.homeautomation.backup.core.internal.retention;

import java.util.ArrayList;
import java.util.List;

/**
 * The retention rules of one agent. Zero turns a rule off.
 *
 * @param keepLast keep this many newest backups
 * @param keepDaily for this many most recent days that have backups, keep the newest of each day
 * @param keepWeekly the same per ISO week
 * @param keepMonthly the same per calendar month
 * @param maxAgeDays delete backups older than this many days, whatever the keep rules say
 */
public record RetentionRules(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, int maxAgeDays) {
    /** No rule: retention keeps everything. */
    public static final RetentionRules NONE = new RetentionRules(0, 0, 0, 0, 0);

    /** Checks that no value is negative. */
    public RetentionRules {
        check("keepLast", keepLast);
        check("keepDaily", keepDaily);
        check("keepWeekly", keepWeekly);
        check("keepMonthly", keepMonthly);
        check("maxAgeDays", maxAgeDays);
    }

    private static void check(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be 0 (off) or more, was " + value);
        }
    }

    /** @return whether a keep rule (last, daily, weekly, monthly) is set */
    public boolean hasKeepRules() {
        return keepLast > 0 || keepDaily > 0 || keepWeekly > 0 || keepMonthly > 0;
    }

    /** @return whether no rule at all is set */
    public boolean isEmpty() {
        return !hasKeepRules() && maxAgeDays == 0;
    }

    /**
     * @param key a rule's configuration key: keepLast, keepDaily, keepWeekly, keepMonthly or maxAgeDays
     * @param value its value
     * @return these rules with that one replaced
     * @throws IllegalArgumentException when the key is unknown or the value negative
     */
    public RetentionRules with(String key, int value) {
        return switch (key) {
            case "keepLast" -> new RetentionRules(value, keepDaily, keepWeekly, keepMonthly, maxAgeDays);
            case "keepDaily" -> new RetentionRules(keepLast, value, keepWeekly, keepMonthly, maxAgeDays);
            case "keepWeekly" -> new RetentionRules(keepLast, keepDaily, value, keepMonthly, maxAgeDays);
            case "keepMonthly" -> new RetentionRules(keepLast, keepDaily, keepWeekly, value, maxAgeDays);
            case "maxAgeDays" -> new RetentionRules(keepLast, keepDaily, keepWeekly, keepMonthly, value);
            default -> throw new IllegalArgumentException("Unknown retention rule '" + key
                    + "'; use keepLast, keepDaily, keepWeekly, keepMonthly or maxAgeDays");
        };
    }

    /** @return the keep rules set, as people read them: "keep-last 3, keep-daily 7" */
    public String describeKeepRules() {
        List<String> rules = new ArrayList<>();
        add(rules, "keep-last", keepLast);
        add(rules, "keep-daily", keepDaily);
        add(rules, "keep-weekly", keepWeekly);
        add(rules, "keep-monthly", keepMonthly);
        return String.join(", ", rules);
    }

    private static void add(List<String> rules, String name, int value) {
        if (value > 0) {
            rules.add(name + " " + value);
        }
    }
}
