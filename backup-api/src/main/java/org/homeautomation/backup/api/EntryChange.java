package org.homeautomation.backup.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one path differs between two backups, as {@link BackupBrowser#diff} reports it: added in the second backup,
 * removed from it, or changed.
 *
 * <p>Instances are made with {@link #added}, {@link #removed} and {@link #changed}, so that properties can be added in
 * later versions without breaking code compiled against this one.
 */
public final class EntryChange {

    /** Whether the path is new, gone or different. */
    public enum Kind {
        /** Only the second backup has the path. */
        ADDED,
        /** Only the first backup has the path. */
        REMOVED,
        /** Both have it, and it differs; {@link EntryChange#differences()} says how. */
        CHANGED
    }

    /** How an entry present in both backups differs. */
    public enum Difference {
        /** It is of another type (a file became a folder, for example). */
        TYPE,
        /** The file's size differs. */
        SIZE,
        /** The modification time differs. */
        TIME,
        /** The files have the same size but other bytes (their SHA-256 digests differ). */
        CONTENT,
        /** The permission bits differ. */
        MODE,
        /** The link's target differs. */
        LINK
    }

    private final Kind kind;
    private final BackupEntry before;
    private final BackupEntry after;
    private final Set<Difference> differences;

    private EntryChange(Kind kind, BackupEntry before, BackupEntry after, Set<Difference> differences) {
        this.kind = kind;
        this.before = before;
        this.after = after;
        this.differences = differences;
    }

    /**
     * @param after the entry of the second backup
     * @return an entry only the second backup has
     */
    public static EntryChange added(BackupEntry after) {
        return new EntryChange(Kind.ADDED, null, Objects.requireNonNull(after, "after"), Set.of());
    }

    /**
     * @param before the entry of the first backup
     * @return an entry only the first backup has
     */
    public static EntryChange removed(BackupEntry before) {
        return new EntryChange(Kind.REMOVED, Objects.requireNonNull(before, "before"), null, Set.of());
    }

    /**
     * @param before the entry of the first backup
     * @param after the entry of the second backup, of the same content and path
     * @param differences how they differ; not empty
     * @return an entry both have, changed
     * @throws IllegalArgumentException when {@code differences} is empty
     */
    public static EntryChange changed(BackupEntry before, BackupEntry after, Set<Difference> differences) {
        if (differences.isEmpty()) {
            throw new IllegalArgumentException("A changed entry differs in at least one way");
        }
        return new EntryChange(Kind.CHANGED, Objects.requireNonNull(before, "before"),
                Objects.requireNonNull(after, "after"), Collections.unmodifiableSet(EnumSet.copyOf(differences)));
    }

    /** @return whether the path was added, removed or changed */
    public Kind kind() {
        return kind;
    }

    /** @return {@code content/path} of the entry, see {@link BackupEntry#fullPath()} */
    public String fullPath() {
        return (after != null ? after : before).fullPath();
    }

    /** @return the entry in the first backup; empty when it was added */
    public Optional<BackupEntry> before() {
        return Optional.ofNullable(before);
    }

    /** @return the entry in the second backup; empty when it was removed */
    public Optional<BackupEntry> after() {
        return Optional.ofNullable(after);
    }

    /** @return how a changed entry differs; empty for added and removed ones; unmodifiable */
    public Set<Difference> differences() {
        return differences;
    }

    @Override
    public String toString() {
        return "EntryChange[" + kind + " " + fullPath() + (differences.isEmpty() ? "" : " " + differences) + "]";
    }
}
