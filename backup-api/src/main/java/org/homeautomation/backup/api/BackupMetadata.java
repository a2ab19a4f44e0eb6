package org.homeautomation.backup.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.homeautomation.backup.support.json.Json;

/**
 * What is known of one backup archive: an immutable value. Agents store it beside the archive and return it as it
 * was given to them; {@link #toJson()} and {@link #fromJson(String)} give them a stable text form for that.
 *
 * <p>Instances are made with {@link #builder()}, so that fields can be added in later versions without breaking code
 * compiled against this one. Unknown JSON fields are ignored by {@link #fromJson(String)} for the same reason.
 */
public final class BackupMetadata {
    /** The archive format version this API version writes. */
    public static final int CURRENT_FORMAT_VERSION = 1;

    /**
     * The {@link #extras()} key marking a backup made by the automatic schedule, with the value {@code "true"}.
     * Retention only ever deletes backups so marked, and only those of its own installation
     * ({@link #EXTRA_INSTALLATION}).
     */
    public static final String EXTRA_AUTOMATIC = "automatic";

    /**
     * The {@link #extras()} key naming the installation that made an automatic backup: a random id made once per
     * runtime, so that installations sharing one bucket never delete each other's backups.
     */
    public static final String EXTRA_INSTALLATION = "installation";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_NAME_LENGTH = 256;

    private final String id;
    private final String name;
    private final Instant createdAt;
    private final long size;
    private final String sha256;
    private final boolean protectedBackup;
    private final int formatVersion;
    private final String runtimeVersion;
    private final List<String> contents;
    private final Map<String, String> extras;

    private BackupMetadata(Builder b) {
        this.id = Identifiers.requireValidBackupId(b.id);
        this.name = requireValidName(b.name);
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        if (b.size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + b.size);
        }
        this.size = b.size;
        if (b.sha256 == null || !SHA256.matcher(b.sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was " + b.sha256);
        }
        this.sha256 = b.sha256;
        this.protectedBackup = b.protectedBackup;
        if (b.formatVersion < 1) {
            throw new IllegalArgumentException("formatVersion must be >= 1, was " + b.formatVersion);
        }
        this.formatVersion = b.formatVersion;
        this.runtimeVersion = b.runtimeVersion == null ? "" : b.runtimeVersion;
        this.contents = List.copyOf(b.contents);
        this.extras = Collections.unmodifiableMap(new TreeMap<>(b.extras));
    }

    /**
     * Checks a backup name given by a person: 1 to 256 characters, not blank, no control characters. Any script is
     * allowed.
     *
     * @param name the candidate name
     * @return the name
     * @throws IllegalArgumentException when it is not valid, saying why
     */
    public static String requireValidName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A backup name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A backup name must be at most " + MAX_NAME_LENGTH
                    + " characters, this one has " + name.length());
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A backup name must not contain control characters (line breaks, tabs)");
        }
        return name;
    }

    /** @return a builder with no field set, format version {@link #CURRENT_FORMAT_VERSION} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this metadata's fields, to make a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.createdAt = createdAt;
        b.size = size;
        b.sha256 = sha256;
        b.protectedBackup = protectedBackup;
        b.formatVersion = formatVersion;
        b.runtimeVersion = runtimeVersion;
        b.contents = new ArrayList<>(contents);
        b.extras = new LinkedHashMap<>(extras);
        return b;
    }

    /** @return the backup's id, valid by {@link Identifiers#isValidBackupId(String)} */
    public String id() {
        return id;
    }

    /** @return the name a person gave the backup */
    public String name() {
        return name;
    }

    /** @return when the backup was created */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return the archive's size in bytes */
    public long size() {
        return size;
    }

    /** @return the SHA-256 digest of the archive, as 64 lower-case hex digits */
    public String sha256() {
        return sha256;
    }

    /** @return whether the archive's contents are encrypted with a password */
    public boolean isProtected() {
        return protectedBackup;
    }

    /** @return the archive format version, see {@code docs/archive-format.md} */
    public int formatVersion() {
        return formatVersion;
    }

    /** @return the product and runtime that made the backup, for people; may be empty */
    public String runtimeVersion() {
        return runtimeVersion;
    }

    /** @return the names of the contents in the archive, in archive order; unmodifiable */
    public List<String> contents() {
        return contents;
    }

    /** @return free-form additional facts, sorted by key; unmodifiable */
    public Map<String, String> extras() {
        return extras;
    }

    /**
     * @return this metadata as a JSON object, readable by {@link #fromJson(String)} of this and later versions
     */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("createdAt", createdAt.toString());
        m.put("size", size);
        m.put("sha256", sha256);
        m.put("protected", protectedBackup);
        m.put("formatVersion", formatVersion);
        m.put("runtimeVersion", runtimeVersion);
        m.put("contents", new ArrayList<Object>(contents));
        m.put("extras", new LinkedHashMap<String, Object>(extras));
        return Json.write(m);
    }

    /**
     * Reads metadata written by {@link #toJson()}. Fields this version does not know are ignored.
     *
     * @param json the JSON text
     * @return the metadata
     * @throws IllegalArgumentException when the text is not valid metadata, saying which field is wrong
     */
    public static BackupMetadata fromJson(String json) {
        Object parsed = Json.parse(json);
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("Backup metadata must be a JSON object");
        }
        Builder b = builder()
                .id(field(m, "id", String.class))
                .name(field(m, "name", String.class))
                .size(field(m, "size", Long.class))
                .sha256(field(m, "sha256", String.class))
                .protectedBackup(field(m, "protected", Boolean.class))
                .formatVersion(formatVersion(field(m, "formatVersion", Long.class)));
        String created = field(m, "createdAt", String.class);
        try {
            b.createdAt(Instant.parse(created));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Backup metadata field 'createdAt' is not an instant: " + created);
        }
        if (m.get("runtimeVersion") instanceof String v) {
            b.runtimeVersion(v);
        }
        if (m.get("contents") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("Backup metadata field 'contents' must hold strings");
                }
                b.addContent(s);
            }
        }
        if (m.get("extras") instanceof Map<?, ?> extras) {
            for (Map.Entry<?, ?> e : extras.entrySet()) {
                if (!(e.getValue() instanceof String v)) {
                    throw new IllegalArgumentException("Backup metadata field 'extras' must hold strings");
                }
                b.extra((String) e.getKey(), v);
            }
        }
        return b.build();
    }

    /**
     * Reads metadata written by {@link #toJson()} and stored as UTF-8, as agents keep it beside their archives.
     * Bytes that are not strict UTF-8 are refused rather than read with replacement characters.
     *
     * @param utf8 the stored bytes
     * @return the metadata
     * @throws IllegalArgumentException when the bytes are not UTF-8 or not valid metadata
     */
    public static BackupMetadata fromJson(byte[] utf8) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Backup metadata must be UTF-8 text", e);
        }
        return fromJson(json);
    }

    private static int formatVersion(long version) {
        if (version < 1 || version > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Backup metadata field 'formatVersion' must be from 1 to "
                    + Integer.MAX_VALUE + ", was " + version);
        }
        return (int) version;
    }

    private static <T> T field(Map<?, ?> m, String name, Class<T> type) {
        Object v = m.get(name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("Backup metadata field '" + name + "' is missing or not a "
                    + type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(v);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BackupMetadata other)) {
            return false;
        }
        return size == other.size && protectedBackup == other.protectedBackup && formatVersion == other.formatVersion
                && id.equals(other.id) && name.equals(other.name) && createdAt.equals(other.createdAt)
                && sha256.equals(other.sha256) && runtimeVersion.equals(other.runtimeVersion)
                && contents.equals(other.contents) && extras.equals(other.extras);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, createdAt, size, sha256, protectedBackup, formatVersion, runtimeVersion,
                contents, extras);
    }

    @Override
    public String toString() {
        return "BackupMetadata[id=" + id + ", name=" + name + ", createdAt=" + createdAt + ", size=" + size
                + ", protected=" + protectedBackup + ", contents=" + contents + "]";
    }

    /**
     * Builds {@link BackupMetadata}. Not thread-safe.
     */
    public static final class Builder {
        private String id;
        private String name;
        private Instant createdAt;
        private long size;
        private String sha256;
        private boolean protectedBackup;
        private int formatVersion = CURRENT_FORMAT_VERSION;
        private String runtimeVersion;
        private List<String> contents = new ArrayList<>();
        private Map<String, String> extras = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param id the backup id, see {@link Identifiers} @return this */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** @param name the name for people @return this */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param createdAt when the backup was made @return this */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** @param size the archive's size in bytes @return this */
        public Builder size(long size) {
            this.size = size;
            return this;
        }

        /** @param sha256 the archive's SHA-256 digest, 64 lower-case hex digits @return this */
        public Builder sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        /** @param protectedBackup whether the contents are encrypted @return this */
        public Builder protectedBackup(boolean protectedBackup) {
            this.protectedBackup = protectedBackup;
            return this;
        }

        /** @param formatVersion the archive format version @return this */
        public Builder formatVersion(int formatVersion) {
            this.formatVersion = formatVersion;
            return this;
        }

        /** @param runtimeVersion the product and runtime that made the backup @return this */
        public Builder runtimeVersion(String runtimeVersion) {
            this.runtimeVersion = runtimeVersion;
            return this;
        }

        /** @param contents the content names in archive order, replacing any set before @return this */
        public Builder contents(List<String> contents) {
            this.contents = new ArrayList<>(contents);
            return this;
        }

        /** @param content a content name to append @return this */
        public Builder addContent(String content) {
            this.contents.add(Objects.requireNonNull(content, "content"));
            return this;
        }

        /** @param key an extra's key @param value its value @return this */
        public Builder extra(String key, String value) {
            this.extras.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the metadata
         * @throws IllegalArgumentException when a field is missing or invalid, saying which
         * @throws NullPointerException when createdAt is missing
         */
        public BackupMetadata build() {
            return new BackupMetadata(this);
        }
    }
}
