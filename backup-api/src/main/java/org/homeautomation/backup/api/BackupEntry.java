package org.homeautomation.backup.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a backup: a folder, file or link of one content, as {@link BackupBrowser} lists it. The entry's data is
 * not part of it.
 *
 * <p>Instances are made with {@link #builder()}, so that properties can be added in later versions without breaking
 * code compiled against this one.
 */
public final class BackupEntry {

    /** What an entry is. */
    public enum Type {
        /** A folder. */
        FOLDER,
        /** A regular file. */
        FILE,
        /** A symbolic link; {@link BackupEntry#linkTarget()} is its target text as stored. */
        SYMLINK,
        /** A hard link to an earlier file of the same content; {@link BackupEntry#linkTarget()} names that file. */
        HARD_LINK
    }

    private final String content;
    private final String path;
    private final Type type;
    private final long size;
    private final int mode;
    private final Instant modified;
    private final String linkTarget;

    private BackupEntry(Builder b) {
        this.content = Objects.requireNonNull(b.content, "content");
        this.path = Objects.requireNonNull(b.path, "path");
        this.type = Objects.requireNonNull(b.type, "type");
        this.size = b.size;
        this.mode = b.mode;
        this.modified = Objects.requireNonNull(b.modified, "modified");
        this.linkTarget = b.linkTarget;
    }

    /** @return a builder with no property set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the content the entry belongs to */
    public String content() {
        return content;
    }

    /**
     * @return the entry's path inside its content's folder, normalized: relative, '/'-separated, no trailing slash;
     *         empty for the content's folder itself
     */
    public String path() {
        return path;
    }

    /** @return {@code content/path}, the name globs match and paths of a restore name; the content alone for its folder */
    public String fullPath() {
        return path.isEmpty() ? content : content + "/" + path;
    }

    /** @return what the entry is */
    public Type type() {
        return type;
    }

    /** @return the number of bytes of a file; 0 for folders and links */
    public long size() {
        return size;
    }

    /** @return the permission bits, including set-id and sticky bits ({@code 07777}) */
    public int mode() {
        return mode;
    }

    /** @return the modification time stored in the backup, to the precision the archive keeps */
    public Instant modified() {
        return modified;
    }

    /** @return a symbolic link's target text, or a hard link's target path inside the content; else empty */
    public Optional<String> linkTarget() {
        return Optional.ofNullable(linkTarget);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackupEntry e && content.equals(e.content) && path.equals(e.path) && type == e.type
                && size == e.size && mode == e.mode && modified.equals(e.modified)
                && Objects.equals(linkTarget, e.linkTarget);
    }

    @Override
    public int hashCode() {
        return Objects.hash(content, path, type, size, mode, modified, linkTarget);
    }

    @Override
    public String toString() {
        return "BackupEntry[" + fullPath() + ", " + type + ", " + size + " bytes, mode " + Integer.toOctalString(mode)
                + ", " + modified + (linkTarget == null ? "" : ", -> " + linkTarget) + "]";
    }

    /** Builds a {@link BackupEntry}. Not thread-safe. */
    public static final class Builder {
        private String content;
        private String path = "";
        private Type type;
        private long size;
        private int mode;
        private Instant modified = Instant.EPOCH;
        private String linkTarget;

        private Builder() {
        }

        /** @param content the content the entry belongs to @return this */
        public Builder content(String content) {
            this.content = content;
            return this;
        }

        /** @param path the normalized path inside the content's folder; empty for the folder itself @return this */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** @param type what the entry is @return this */
        public Builder type(Type type) {
            this.type = type;
            return this;
        }

        /** @param size a file's size in bytes @return this */
        public Builder size(long size) {
            this.size = size;
            return this;
        }

        /** @param mode the permission bits @return this */
        public Builder mode(int mode) {
            this.mode = mode & 07777;
            return this;
        }

        /** @param modified the modification time @return this */
        public Builder modified(Instant modified) {
            this.modified = modified;
            return this;
        }

        /** @param linkTarget a link's target; null for none @return this */
        public Builder linkTarget(String linkTarget) {
            this.linkTarget = linkTarget;
            return this;
        }

        /**
         * @return the entry
         * @throws NullPointerException when the content, path, type or time is missing
         */
        public BackupEntry build() {
            return new BackupEntry(this);
        }
    }
}
