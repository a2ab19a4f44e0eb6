package org.homeautomation.backup.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Label and value lines, with the values lined up: what backup:info and backup:status print.
 */
public final class Lines {
    private final List<String[]> entries = new ArrayList<>();

    /**
     * @param label what the value is
     * @param value the value
     */
    public void add(String label, String value) {
        entries.add(new String[] { label, value });
    }

    /** @return one line per entry, {@code "Label:   value"}, in the order added */
    public List<String> render() {
        int width = entries.stream().mapToInt(e -> e[0].length()).max().orElse(0) + 1;
        List<String> lines = new ArrayList<>();
        for (String[] e : entries) {
            lines.add(String.format("%-" + (width + 1) + "s%s", e[0] + ":", e[1]));
        }
        return lines;
    }
}
