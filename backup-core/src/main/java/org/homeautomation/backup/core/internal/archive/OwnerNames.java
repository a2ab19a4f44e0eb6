package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * User and group names for numeric ids, as tar stores both: on restore, tar prefers the name, so files keep their
 * owner on a machine where the user has another number. Java can only ask for the names of a file's owner, so the
 * first file with an id is asked and the answer is kept; a system has few owners, so the maps stay small.
 */
final class OwnerNames {
    private final Map<Integer, String> users = new HashMap<>();
    private final Map<Integer, String> groups = new HashMap<>();

    /** @return the name of user {@code uid}, who owns {@code file}; empty when it has none */
    String user(int uid, Path file) {
        String known = users.get(uid);
        if (known != null) {
            return known;
        }
        try {
            return remember(users, uid, Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName());
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** @return the name of group {@code gid}, the group of {@code file}; empty when it has none */
    String group(int gid, Path file) {
        String known = groups.get(gid);
        if (known != null) {
            return known;
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return remember(groups, gid, attributes.group().getName());
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /* An id without a name comes back as its number, which tar must not take for a name. */
    private static String remember(Map<Integer, String> names, int id, String name) {
        String stored = name.equals(Integer.toString(id)) ? "" : name;
        names.put(id, stored);
        return stored;
    }
}
