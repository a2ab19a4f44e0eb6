package org.homeautomation.backup.support.text;

import java.util.Locale;

/**
 * Formats byte counts for people in binary units: {@code 512 B}, {@code 12.3 MiB}. Shared by the consoles, so that
 * Gogo and Karaf show a size the same way.
 */
public final class ByteSizes {
    private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    private ByteSizes() {
    }

    /**
     * @param bytes a size in bytes, not negative
     * @return whole bytes below 1 KiB, else one decimal (a point, whatever the locale) in the largest binary unit
     *         that keeps the number below 1024
     * @throws IllegalArgumentException when the size is negative
     */
    public static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("A size cannot be negative, was " + bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        // The rounded value decides, so that 1023.96 KiB reads 1.0 MiB and never 1024.0 KiB.
        while (Math.round(value * 10) >= 10240 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
