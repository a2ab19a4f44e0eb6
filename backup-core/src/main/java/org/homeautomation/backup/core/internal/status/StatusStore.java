package org.homeautomation.backup.core.internal.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.support.json.Json;

/**
 * The status of automatic backups in a JSON file, in the core bundle's data area. A write goes to a temporary file
 * that is flushed to disk and renamed over the old one, so a crash or a full disk leaves the old status or the new
 * one, never half of one.
 */
public final class StatusStore {
    /** The file's name in the data area. */
    public static final String FILE_NAME = "automatic-backup-status.json";
    /** The most bytes read of the file; a real status is well under a kilobyte per failed agent. */
    static final int MAX_BYTES = 1024 * 1024;

    private final Path file;

    /** @param file the status file */
    public StatusStore(Path file) {
        this.file = file;
    }

    /** @param dataArea the bundle's data area @return the store of the file there */
    public static StatusStore in(Path dataArea) {
        return new StatusStore(dataArea.resolve(FILE_NAME));
    }

    /** @return the status file */
    public Path file() {
        return file;
    }

    /**
     * @return the stored status; {@link StoredStatus#EMPTY} when there is no file yet
     * @throws IOException when the file cannot be read or is not a status file, saying which and why
     */
    public StoredStatus read() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return StoredStatus.EMPTY;
        }
        if (bytes.length > MAX_BYTES) {
            throw damaged("it is larger than " + MAX_BYTES + " bytes", null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw damaged("it is not UTF-8 text", e);
        }
        try {
            return fromJson(parseObject(text));
        } catch (IllegalArgumentException e) {
            throw damaged(e.getMessage(), e);
        }
    }

    private IOException damaged(String why, Exception cause) {
        // No closing full stop: the callers go on with what they do about it.
        return new IOException("The automatic backup status file " + file + " is damaged: " + why, cause);
    }

    /**
     * Replaces the stored status.
     *
     * @param stored the status
     * @throws IOException when it could not be written; the previous status is then still in place
     */
    public void write(StoredStatus stored) throws IOException {
        AtomicFile.write(file, Json.writeIndented(toJson(stored)).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String text) {
        if (!(Json.parse(text) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("the status must be a JSON object");
        }
        return (Map<String, Object>) m;
    }

    private static Map<String, Object> toJson(StoredStatus stored) {
        AutomaticBackupStatus s = stored.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", "1");
        m.put("lastAttempt", s.lastAttempt().map(Instant::toString).orElse(null));
        m.put("lastSuccess", s.lastSuccess().map(Instant::toString).orElse(null));
        m.put("nextRun", s.nextRun().map(Instant::toString).orElse(null));
        m.put("lastBackupId", s.lastBackupId().orElse(null));
        m.put("lastFailure", s.lastFailure().orElse(null));
        m.put("failedAgents", new TreeMap<>(s.failedAgents()));
        m.put("lastVerification", s.lastVerification().map(Instant::toString).orElse(null));
        m.put("lastVerifiedBackupId", s.lastVerifiedBackupId().orElse(null));
        m.put("verifiedCopies", new TreeMap<>(s.verifiedCopies()));
        m.put("damagedCopies", new TreeMap<>(s.damagedCopies()));
        m.put("inProgress", stored.inProgress());
        return m;
    }

    private static StoredStatus fromJson(Map<String, Object> m) {
        AutomaticBackupStatus status = AutomaticBackupStatus.builder()
                .lastAttempt(instant(m, "lastAttempt"))
                .lastSuccess(instant(m, "lastSuccess"))
                .nextRun(instant(m, "nextRun"))
                .lastBackupId(string(m, "lastBackupId"))
                .lastFailure(string(m, "lastFailure"))
                .failedAgents(textMap(m, "failedAgents"))
                .lastVerification(instant(m, "lastVerification"))
                .lastVerifiedBackupId(string(m, "lastVerifiedBackupId"))
                .verifiedCopies(textMap(m, "verifiedCopies"))
                .damagedCopies(textMap(m, "damagedCopies"))
                .build();
        return new StoredStatus(status, Boolean.TRUE.equals(m.get("inProgress")));
    }

    /** @return the object field {@code key} as agent ids to texts; empty when absent (files of earlier versions) */
    private static Map<String, String> textMap(Map<String, Object> m, String key) {
        Map<String, String> texts = new TreeMap<>();
        if (m.get(key) instanceof Map<?, ?> agents) {
            agents.forEach((k, v) -> {
                if (!(v instanceof String text)) {
                    throw new IllegalArgumentException("field '" + key + "' must map agent ids to strings");
                }
                texts.put((String) k, text);
            });
        }
        return texts;
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("field '" + key + "' must be a string");
        }
        return (String) v;
    }

    private static Instant instant(Map<String, Object> m, String key) {
        String v = string(m, key);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + key + "' is not an instant: " + v);
        }
    }
}
