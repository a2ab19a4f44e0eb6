package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
import java.time.ZoneId;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.console.CommandFailedException;
import org.homeautomation.backup.console.Console;
import org.homeautomation.backup.console.ConsolePrompt;
import org.homeautomation.backup.console.Table;

/**
 * What every {@code backup:*} action shares: the manager, and the Karaf side of the shared console (the session's
 * output and prompt, tables as {@link ShellTable}). What a command does and prints is in
 * {@code org.homeautomation.backup.console}, shared with the Gogo commands.
 *
 * <p>A failure the person can act on ends the command with a {@link CommandException} carrying one line: Karaf prints
 * it as {@code Error executing command: <line>} without a stack trace, logs it only at debug level, and a script or an
 * ssh client sees the command fail. Other exceptions are defects and go to Karaf as they are, which logs their stack
 * trace.
 */
abstract class BackupCommand implements Action {
    @Reference
    BackupManager manager;

    @Reference(optional = true)
    Session session;

    /** Where output goes; tests set it. When null, System.out, which Karaf binds to the session's console. */
    PrintStream out;

    /** Asks for passwords and confirmations; tests set it. When null, the session's console. */
    ConsolePrompt prompt;

    /** The time zone times are shown in; tests set it. */
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public final Object execute() throws Exception {
        // Looked up on the session's own thread: Karaf gives each session thread its own System.out.
        PrintStream console = out != null ? out : System.out;
        try {
            run(new Console(console, prompt != null ? prompt : SessionPrompt.of(session), BackupCommand::print,
                    zone));
        } catch (CommandFailedException e) {
            throw new CommandException(e.getMessage(), e.getCause());
        } finally {
            console.flush();
        }
        return null;
    }

    /**
     * Does the command's work through the shared console code.
     *
     * @param console the session's side of the shared console
     * @throws CommandException when the command fails in a way Karaf alone knows of
     */
    abstract void run(Console console) throws CommandException;

    private static void print(Table table, PrintStream out) {
        ShellTable shell = new ShellTable();
        for (int i = 0; i < table.header().size(); i++) {
            var column = shell.column(table.header().get(i));
            if (table.isRightAligned(i)) {
                column.alignRight();
            }
        }
        table.rows().forEach(row -> shell.addRow().addContent(row.toArray()));
        shell.print(out);
    }
}
