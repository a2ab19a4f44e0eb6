package org.homeautomation.backup.core.internal.archive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.support.json.Json;

/**
 * The contents of {@code backup.json}, the clear-text first entry of an archive: everything of
 * {@link BackupMetadata} except its size and SHA-256 digest, which describe the whole archive and so cannot be
 * inside it. The JSON field names are those of {@link BackupMetadata#toJson()}.
 *
 * @param id              the backup id, valid by {@link Identifiers#isValidBackupId(String)}
 * @param name            the backup's name for people, see {@link BackupMetadata#requireValidName(String)}
 * @param createdAt       when the backup was made
 * @param protectedBackup whether the contents are encrypted with a password
 * @param formatVersion   the archive format version, at least 1
 * @param runtimeVersion  the product and runtime that made the backup; null is taken as empty
 * @param contents        the content names in archive order
 * @param extras          free-form additional facts; kept sorted by key
 */
public record ArchiveManifest(String id, String name, Instant createdAt, boolean protectedBackup, int formatVersion,
        String runtimeVersion, List<String> contents, Map<String, String> extras) {

    /** Checks the fields and makes unmodifiable copies of the collections. */
    public ArchiveManifest {
        Identifiers.requireValidBackupId(id);
        BackupMetadata.requireValidName(name);
        Objects.requireNonNull(createdAt, "createdAt");
        if (formatVersion < 1) {
            throw new IllegalArgumentException("formatVersion must be >= 1, was " + formatVersion);
        }
        runtimeVersion = runtimeVersion == null ? "" : runtimeVersion;
        contents = List.copyOf(contents);
        extras = Collections.unmodifiableMap(new TreeMap<>(extras));
    }

    /**
     * @return this manifest as a JSON object, one field a line, as stored in {@code backup.json}: the fields of
     *         {@link BackupMetadata#toJson()} without the archive's size and digest
     */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("createdAt", createdAt.toString());
        m.put("protected", protectedBackup);
        m.put("formatVersion", formatVersion);
        m.put("runtimeVersion", runtimeVersion);
        m.put("contents", new ArrayList<Object>(contents));
        m.put("extras", new LinkedHashMap<String, Object>(extras));
        return Json.writeIndented(m);
    }

    /**
     * Reads a manifest written by {@link #toJson()}, or the JSON of a {@link BackupMetadata} (its size and digest are
     * ignored, as are other fields this version does not know).
     *
     * @param json the JSON text
     * @return the manifest
     * @throws IllegalArgumentException when the text is not a valid manifest, saying which field is wrong
     */
    public static ArchiveManifest fromJson(String json) {
        Object value;
        try {
            value = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The manifest backup.json is not valid: " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> parsed)) {
            throw new IllegalArgumentException("A manifest must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        String created = field(m, "createdAt", String.class);
        Instant createdAt;
        try {
            createdAt = Instant.parse(created);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Manifest field 'createdAt' is not an instant: " + created, e);
        }
        Long formatVersion = field(m, "formatVersion", Long.class);
        if (formatVersion < 1 || formatVersion > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Manifest field 'formatVersion' must be from 1 to " + Integer.MAX_VALUE
                    + ", was " + formatVersion);
        }
        List<String> contents = new ArrayList<>();
        if (m.get("contents") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("Manifest field 'contents' must hold strings");
                }
                contents.add(s);
            }
        }
        Map<String, String> extras = new TreeMap<>();
        if (m.get("extras") instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof String v)) {
                    throw new IllegalArgumentException("Manifest field 'extras' must hold strings");
                }
                extras.put((String) e.getKey(), v);
            }
        }
        String runtimeVersion = m.get("runtimeVersion") instanceof String s ? s : "";
        return new ArchiveManifest(field(m, "id", String.class), field(m, "name", String.class), createdAt,
                field(m, "protected", Boolean.class), formatVersion.intValue(), runtimeVersion, contents, extras);
    }

    /**
     * @param size      the archive's size in bytes, see {@link ArchiveSummary#size()}
     * @param sha256Hex the archive's digest, see {@link ArchiveSummary#sha256Hex()}
     * @return the metadata of the archive this manifest is in
     */
    public BackupMetadata toMetadata(long size, String sha256Hex) {
        BackupMetadata.Builder b = BackupMetadata.builder().id(id).name(name).createdAt(createdAt).size(size)
                .sha256(sha256Hex).protectedBackup(protectedBackup).formatVersion(formatVersion)
                .runtimeVersion(runtimeVersion).contents(contents);
        extras.forEach(b::extra);
        return b.build();
    }

    private static <T> T field(Map<String, Object> m, String name, Class<T> type) {
        Object v = m.get(name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("Manifest field '" + name + "' is missing or not a "
                    + (type == Long.class ? "whole number" : type.getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        }
        return type.cast(v);
    }
}
