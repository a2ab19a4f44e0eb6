package org.homeautomation.backup.console;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.homeautomation.backup.api.BackupException;

/**
 * Runs a command's work and turns the failures a person can act on (the manager refused, an agent failed, a bad id,
 * a local file problem) into a {@link CommandFailedException} that says what the command could not do. Other
 * exceptions are defects and go to the shell as they are, which shows or logs their stack trace.
 */
final class Attempt {
    private Attempt() {
    }

    /** A command's work. */
    @FunctionalInterface
    interface Work {
        void run() throws BackupException, IOException;
    }

    /**
     * @param whatFailed what the command could not do, starting with a capital
     * @param work the work
     * @throws CommandFailedException when the work failed in a way a person can act on
     */
    static void run(String whatFailed, Work work) {
        try {
            work.run();
        } catch (BackupException | IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new CommandFailedException(whatFailed, e);
        }
    }
}
