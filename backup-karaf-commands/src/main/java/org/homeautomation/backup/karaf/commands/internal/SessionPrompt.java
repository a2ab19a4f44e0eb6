package org.homeautomation.backup.karaf.commands.internal;

import java.io.IOException;

import org.apache.karaf.shell.api.console.Session;
import org.homeautomation.backup.console.ConsolePrompt;

/**
 * Asks at the Karaf session's console; a hidden answer echoes '*'.
 */
final class SessionPrompt {
    private SessionPrompt() {
    }

    /**
     * @param session the command's session; null when there is none
     * @return a prompt reading from the session's console
     */
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
}
