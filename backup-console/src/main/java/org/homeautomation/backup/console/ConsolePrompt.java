package org.homeautomation.backup.console;

import java.io.IOException;
import java.util.Arrays;

/**
 * Asks the person at the console: a password, not echoed, or a confirmation. Each shell reads from its session its own
 * way. Passwords are never options of a command: shells keep a history file, and an option's value would land in it.
 */
@FunctionalInterface
public interface ConsolePrompt {

    /**
     * @param prompt what to ask, for example "Password: "
     * @param hidden whether what is typed must not be shown
     * @return what was typed; empty when an empty line was
     * @throws IOException when there is no console or input to ask; its message says why
     */
    char[] ask(String prompt, boolean hidden) throws IOException;

    /**
     * @param prompt what to ask
     * @return what was typed at a hidden prompt
     * @throws IOException when there is no console to ask
     */
    default char[] password(String prompt) throws IOException {
        return ask(prompt, true);
    }

    /**
     * @param prompt what to ask
     * @return the line typed, trimmed
     * @throws IOException when there is no console to ask
     */
    default String line(String prompt) throws IOException {
        return new String(ask(prompt, false)).trim();
    }

    /**
     * Asks twice, for a new password.
     *
     * @return the password
     * @throws IOException when none was typed or the two differ
     */
    default char[] askNew() throws IOException {
        char[] first = password("Password for the backup: ");
        char[] second = password("Repeat the password: ");
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
