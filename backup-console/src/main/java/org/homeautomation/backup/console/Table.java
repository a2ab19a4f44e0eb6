package org.homeautomation.backup.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table a command prints: a header, rows of text, and which columns are right-aligned (numbers). Each shell prints
 * it its own way (Karaf with its {@code ShellTable}); {@link #render()} is the plain text form Gogo prints: the header,
 * a rule of dashes, then the rows, each column padded to its widest cell and separated by two spaces, without
 * trailing spaces.
 */
public final class Table {
    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param header the column titles
     */
    public Table(String... header) {
        this.header = List.of(header);
        this.rightAligned = new boolean[header.length];
    }

    /**
     * @param column the index of a column whose cells are numbers, aligned to the right
     * @return this
     */
    public Table alignRight(int column) {
        rightAligned[column] = true;
        return this;
    }

    /**
     * @param cells one cell per column; null is shown as an empty cell
     * @return this
     * @throws IllegalArgumentException when the number of cells differs from the number of columns
     */
    public Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("A row needs " + header.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c).toList());
        return this;
    }

    /** @return the column titles */
    public List<String> header() {
        return header;
    }

    /** @return the rows, each with one cell per column */
    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /**
     * @param column a column's index
     * @return whether its cells are aligned to the right
     */
    public boolean isRightAligned(int column) {
        return rightAligned[column];
    }

    /**
     * @return the table as plain text, one line per row, each line ending with a line break
     */
    public String render() {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        appendLine(out, rule, widths);
        for (List<String> row : rows) {
            appendLine(out, row, widths);
        }
        return out.toString();
    }

    private void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            line.append(rightAligned[i] ? padding + cell : cell + padding);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
