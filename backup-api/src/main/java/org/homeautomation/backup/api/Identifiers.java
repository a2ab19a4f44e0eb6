package org.homeautomation.backup.api;

import java.util.regex.Pattern;

/**
 * The rules for agent, participant and backup ids. Ids are used as file and object names by agents, so they are
 * restricted to lower-case ASCII letters, digits, dots, dashes and underscores, start with a letter or digit (which
 * rules out {@code .} and {@code ..}), and are at most 64 characters long.
 */
public final class Identifiers {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private Identifiers() {
    }

    /**
     * @param id a candidate id, may be null
     * @return whether it is a valid backup id
     */
    public static boolean isValidBackupId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * @param id a candidate id, may be null
     * @return whether it is a valid agent or participant id
     */
    public static boolean isValidAgentId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * Checks a backup id given by a caller.
     *
     * @param id a candidate id
     * @return the id
     * @throws IllegalArgumentException when it is not valid, with a message that says why
     */
    public static String requireValidBackupId(String id) {
        if (!isValidBackupId(id)) {
            throw new IllegalArgumentException(describe("backup id", id));
        }
        return id;
    }

    /**
     * Checks an agent or participant id.
     *
     * @param id a candidate id
     * @return the id
     * @throws IllegalArgumentException when it is not valid, with a message that says why
     */
    public static String requireValidAgentId(String id) {
        if (!isValidAgentId(id)) {
            throw new IllegalArgumentException(describe("agent id", id));
        }
        return id;
    }

    private static String describe(String what, String id) {
        String shown = id == null ? "null" : '"' + (id.length() > 80 ? id.substring(0, 80) + "..." : id) + '"';
        return "Invalid " + what + " " + shown + ": use 1 to 64 characters of a-z, 0-9, '.', '-' and '_',"
                + " starting with a letter or digit";
    }
}
