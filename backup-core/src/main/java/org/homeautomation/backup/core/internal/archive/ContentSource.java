package org.homeautomation.backup.core.internal.archive;

import java.nio.file.Path;
import java.util.Objects;

import org.homeautomation.backup.api.Identifiers;

/**
 * One content of a backup: a named directory tree. The name becomes the archive entry {@code <name>.tar.zst} and
 * the first segment of the paths {@link PathExcluder} matches.
 *
 * @param name     the content's name, valid by {@link Identifiers#isValidAgentId(String)} (participant ids and
 *                 configured source names follow the same rules)
 * @param root     the directory whose tree is archived; when it is a symbolic link, the link is followed
 * @param excluder which paths of the tree to leave out
 */
public record ContentSource(String name, Path root, PathExcluder excluder) {

    /** Checks the fields. */
    public ContentSource {
        if (!Identifiers.isValidAgentId(name)) {
            throw new IllegalArgumentException("Invalid content name " + (name == null ? "null" : '"' + name + '"')
                    + ": use 1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting with a letter or digit");
        }
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(excluder, "excluder");
    }

    /**
     * A content that excludes nothing.
     *
     * @param name the content's name
     * @param root the directory to archive
     */
    public ContentSource(String name, Path root) {
        this(name, root, PathExcluder.none());
    }
}
