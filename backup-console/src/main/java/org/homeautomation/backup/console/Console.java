package org.homeautomation.backup.console;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a shell gives the shared commands: where to print, how to ask the person, how to print a table, and the time
 * zone to show times in. The shells differ only here.
 */
public final class Console {
    /** Prints a table as plain text ({@link Table#render()}), as Gogo does. */
    public static final TablePrinter PLAIN_TABLES = (table, out) -> out.print(table.render());

    private final PrintStream out;
    private final ConsolePrompt prompt;
    private final TablePrinter tables;
    private final ZoneId zone;

    /** Prints a table in a shell's own style. */
    @FunctionalInterface
    public interface TablePrinter {
        /**
         * @param table the table
         * @param out where to print it
         */
        void print(Table table, PrintStream out);
    }

    /**
     * @param out where to print; looked up by the shell on the session's thread, which it is bound to
     * @param prompt how to ask the person
     * @param tables how to print a table
     * @param zone the time zone times are shown in
     */
    public Console(PrintStream out, ConsolePrompt prompt, TablePrinter tables, ZoneId zone) {
        this.out = out;
        this.prompt = prompt;
        this.tables = tables;
        this.zone = zone;
    }

    /** @param line a line to print */
    public void println(String line) {
        out.println(line);
    }

    /** @param table a table to print */
    public void print(Table table) {
        tables.print(table, out);
    }

    /** Sends what was printed on its way, before the command waits or ends. */
    public void flush() {
        out.flush();
    }

    /** @return how to ask the person */
    public ConsolePrompt prompt() {
        return prompt;
    }

    /** @return the time zone times are shown in */
    public ZoneId zone() {
        return zone;
    }

    /**
     * @param instant a moment
     * @return it as a local date and time, to the second
     */
    String time(Instant instant) {
        return ConsoleText.time(instant, zone);
    }
}
