package org.homeautomation.backup.gogo.internal;

import java.util.Locale;

/**
 * Formats byte counts for people in binary units: {@code 512 B}, {@code 12.3 MiB}.
 */
final class ByteSizes {
    private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    private ByteSizes() {
    }

    /**
     * @param bytes a size in bytes, not negative
     * @return the size with one decimal in the largest unit that keeps the number below 1024; whole bytes below 1 KiB
     */
    static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("A size cannot be negative, was " + bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        // Compare the rounded value, so that 1023.96 KiB is shown as 1.0 MiB and never as 1024.0 KiB.
        while (roundToTenths(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    private static double roundToTenths(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
