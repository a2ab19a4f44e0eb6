package org.homeautomation.backup.karaf.commands.internal;

import java.io.IOException;
import java.util.Arrays;

import org.apache.karaf.shell.api.console.Session;

/**
 * Asks the person at the console: a password, echoing '*', or a confirmation. Passwords are never options of a
 * command: the shell keeps a history file, and an option's value would land in it.
 */
@FunctionalInterface
interface ConsolePrompt {

    /**
     * @param prompt what to ask, for example "Password: "
     * @param hidden whether to echo '*' instead of what is typed
     * @return what was typed; empty when nothing was
     * @throws IOException when there is no console to ask
     */
    char[] ask(String prompt, boolean hidden) throws IOException;

    /** @return what was typed at a hidden prompt */
    default char[] password(String prompt) throws IOException {
        return ask(prompt, true);
    }

    /** @return the line typed, trimmed */
    default String line(String prompt) throws IOException {
        return new String(ask(prompt, false)).trim();
    }

    /** @return a prompt reading from the session's console */
    static ConsolePrompt of(Session session) {
        return (prompt, hidden) -> {
            if (session == null) {
                throw new IOException("There is no console to ask");
            }
            String line;
            try {
                line = session.readLine(prompt, hidden ? Character.valueOf('*') : null);
            } catch (UnsupportedOperationException e) {
                throw new IOException("This shell session cannot ask (it has no terminal, as a command passed to ssh"
                        + " has not); run the command in the Karaf console, or over ssh with a terminal (ssh -t)");
            }
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
