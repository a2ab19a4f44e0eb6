package org.homeautomation.backup.gogo.internal;

/**
 * Ends a command that failed after it told the person why: Gogo prints a thrown exception as its {@code toString()}
 * on one line and keeps it in the session's {@code exception} variable, and a script that runs the command stops.
 * The text is only the message, without the class name, because the reader is a person.
 */
final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, on what, and what to do; one line
     */
    CommandFailedException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
