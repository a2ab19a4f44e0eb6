package org.homeautomation.backup.console;

/**
 * Ends a command that failed in a way a person can act on, with one line that says what failed, on what, and what
 * to do. The Karaf shell turns it into its {@code CommandException} (printed as {@code Error executing command:
 * <line>}); Gogo prints a thrown exception as its {@code toString()}, which is the line alone, and a script that runs
 * the command stops. Either way no stack trace reaches the person.
 */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, on what, and what to do; one line
     */
    public CommandFailedException(String message) {
        super(message, null, false, false);
    }

    /**
     * @param whatFailed what the command could not do, starting with a capital, for example "Cannot list backups"
     * @param cause the failure, whose message (on one line) follows
     */
    public CommandFailedException(String whatFailed, Throwable cause) {
        super(whatFailed + ": " + ConsoleText.oneLine(cause), cause, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
