package org.homeautomation.backup.karaf.commands.internal;

import java.io.IOException;
import java.util.Arrays;

import org.apache.karaf.shell.api.console.Session;

/**
 * Asks the person at the console for a password, echoing '*'. Passwords are never options of a command: the shell
 * keeps a history file, and an option's value would land in it.
 */
@FunctionalInterface
interface PasswordPrompt {

    /**
     * @param prompt what to ask, for example "Password: "
     * @return what was typed; empty when nothing was
     * @throws IOException when there is no console to ask
     */
    char[] ask(String prompt) throws IOException;

    /** @return a prompt reading from the session's console */
    static PasswordPrompt of(Session session) {
        return prompt -> {
            if (session == null) {
                throw new IOException("There is no console to ask for the password");
            }
            String line = session.readLine(prompt, '*');
            return line == null ? new char[0] : line.toCharArray();
        };
    }

    /**
     * Asks twice, for a new password.
     *
     * @return the password
     * @throws IOException when none was typed or the two differ
     */
    default char[] askNew() throws IOException {
        char[] first = ask("Password for the backup: ");
        char[] second = ask("Repeat the password: ");
        try {
            if (first.length == 0) {
                throw new IOException("No password was typed");
            }
            if (!Arrays.equals(first, second)) {
                throw new IOException("The two passwords differ");
            }
            return first.clone();
        } finally {
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
        }
    }
}
