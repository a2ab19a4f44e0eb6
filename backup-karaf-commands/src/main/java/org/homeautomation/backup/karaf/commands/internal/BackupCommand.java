package org.homeautomation.backup.karaf.commands.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;

/**
 * What every {@code backup:*} action shares: the manager, where output goes, and how a failure reaches the person at
 * the console.
 *
 * <p>A failure the person can act on (a {@link BackupException}, an invalid id, a file problem) ends the command with
 * a {@link CommandException} carrying one line: Karaf prints it as {@code Error executing command: <line>} without a
 * stack trace, logs it only at debug level, and a script or an ssh client sees the command fail. Other exceptions
 * are defects and go to Karaf as they are, which logs their stack trace.
 */
abstract class BackupCommand implements Action {
    @Reference
    BackupManager manager;

    /** Where output goes; tests set it. When null, System.out, which Karaf binds to the session's console. */
    PrintStream out;

    /** The time zone times are shown in; tests set it. */
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public final Object execute() throws Exception {
        // Looked up on the session's own thread: Karaf gives each session thread its own System.out.
        PrintStream console = out != null ? out : System.out;
        try {
            run(console);
        } catch (BackupException | IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new CommandException(whatFailed() + ": " + ConsoleText.oneLine(e), e);
        } finally {
            console.flush();
        }
        return null;
    }

    /**
     * Does the command's work.
     *
     * @param console where to print
     * @throws BackupException when the manager refuses or an agent fails
     * @throws IOException when a local file cannot be written
     * @throws CommandException when the command fails in a way it has described itself
     */
    abstract void run(PrintStream console) throws BackupException, IOException, CommandException;

    /** @return what the command could not do, starting with a capital, for the first half of an error line */
    abstract String whatFailed();
}
