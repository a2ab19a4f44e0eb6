package org.homeautomation.backup.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.support.text.ByteSizes;

/**
 * Turns values into the short texts the console shows. Free of I/O, so that it can be tested on its own.
 */
public final class ConsoleText {
    /** Shown in a cell that has nothing to show. */
    public static final String NONE = "-";

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private ConsoleText() {
    }

    /**
     * @param bytes a size in bytes, not negative
     * @return whole bytes below 1 KiB, else one decimal in the largest binary unit that keeps the number below 1024
     */
    public static String size(long bytes) {
        return ByteSizes.format(bytes);
    }

    /**
     * @param done bytes uploaded so far
     * @param total bytes to upload; 0 or less when unknown
     * @return {@code "12.0 MiB of 40.0 MiB (30%)"}, or just the bytes done when the total is unknown
     */
    public static String progress(long done, long total) {
        if (total <= 0) {
            return size(done);
        }
        long percent = Math.min(100, done * 100 / total);
        return size(done) + " of " + size(total) + " (" + percent + "%)";
    }

    /**
     * @param instant a moment
     * @param zone the zone to show it in
     * @return the local date and time, to the second
     */
    public static String time(Instant instant, ZoneId zone) {
        return LOCAL_TIME.format(instant.atZone(zone));
    }

    /**
     * @param ids ids, already in the order to show
     * @return the ids joined with commas, or {@link #NONE}
     */
    public static String ids(Collection<String> ids) {
        return ids.isEmpty() ? NONE : String.join(",", ids);
    }

    /**
     * @param backup a backup
     * @return whether its copies are protected: yes, no, or the agents whose copy is when they differ
     */
    public static String protection(Backup backup) {
        List<String> on = backup.copies().entrySet().stream().filter(e -> e.getValue().isProtected())
                .map(Map.Entry::getKey).toList();
        if (backup.copies().isEmpty()) {
            return yesNo(backup.metadata().isProtected());
        }
        if (on.isEmpty() || on.size() == backup.copies().size()) {
            return yesNo(!on.isEmpty());
        }
        return "on " + String.join(",", on);
    }

    /**
     * @param yes a flag
     * @return "yes" or "no"
     */
    public static String yesNo(boolean yes) {
        return yes ? "yes" : "no";
    }

    /**
     * @param text a text a person gave, such as a backup name
     * @param max the most characters to show, at least 4
     * @return the text, cut with "..." when longer than max
     */
    public static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /**
     * @param e a failure
     * @return its message on one line; a failure without a message (a defect) is named by its type
     */
    public static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
