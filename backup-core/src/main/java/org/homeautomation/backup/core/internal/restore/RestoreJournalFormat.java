package org.homeautomation.backup.core.internal.restore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.core.internal.restore.RestoreJournal.Mode;
import org.homeautomation.backup.core.internal.restore.RestoreJournal.Phase;
import org.homeautomation.backup.core.internal.restore.RestoreJournal.Record;
import org.homeautomation.backup.core.internal.restore.RestoreJournal.Swap;
import org.homeautomation.backup.support.json.Json;

/**
 * The restore journal's JSON, written and read. Reading trusts nothing: the file may be truncated by a full disk,
 * damaged, or written by someone else, and recovery deletes and renames the folders it names. So the whole text is
 * bounded (size, nesting) before it is parsed, and every field is checked for presence, type and plausibility (the
 * folders of a swap are siblings, rollback folders have the names this code gives them, entries are plain names)
 * before recovery acts on any of it. A SHA-256 of the rest, the last member, makes damage that still parses (a
 * changed letter in a name, a changed phase) a refusal instead of a recovery steered wrong.
 *
 * <p>Format 1 (before entry swaps) had no mode and no entries; its swaps are read as {@link Mode#FOLDER}, which is
 * how they were made.
 */
final class RestoreJournalFormat {
    /** Far above what any real journal needs (a folder with tens of thousands of top-level entries). */
    static final int MAX_BYTES = 16 << 20;
    private static final long FORMAT_VERSION = 2;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_SWAPS = 256;
    private static final String CHECKSUM = "sha256";

    private RestoreJournalFormat() {
    }

    /** @return the journal's text: its JSON, with a SHA-256 of the rest as the last member */
    static String write(Record record) {
        Map<String, Object> m = toJson(record);
        m.put(CHECKSUM, sha256(Json.writeIndented(m)));
        return Json.writeIndented(m);
    }

    private static Map<String, Object> toJson(Record record) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", FORMAT_VERSION);
        m.put("restoreId", record.restoreId());
        m.put("phase", record.phase().json());
        List<Object> swaps = new ArrayList<>();
        for (Swap swap : record.swaps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("live", swap.live().toString());
            s.put("staging", swap.staging().toString());
            s.put("rollback", swap.rollback().toString());
            s.put("liveExisted", swap.liveExisted());
            s.put("kept", new ArrayList<Object>(swap.kept()));
            s.put("mode", swap.mode().json());
            s.put("oldEntries", new ArrayList<Object>(swap.oldEntries()));
            s.put("newEntries", new ArrayList<Object>(swap.newEntries()));
            swaps.add(s);
        }
        m.put("swaps", swaps);
        return m;
    }

    /**
     * @return the journal in {@code text}
     * @throws IllegalArgumentException saying what is wrong, when it is not a journal this code wrote
     */
    static Record parse(String text) {
        checkNesting(text);
        Map<?, ?> m = object(Json.parse(text), "the journal");
        Object version = m.get("formatVersion");
        if (!Long.valueOf(1).equals(version) && !Long.valueOf(FORMAT_VERSION).equals(version)) {
            throw new IllegalArgumentException("unknown formatVersion " + shorten(version));
        }
        boolean entries = Long.valueOf(FORMAT_VERSION).equals(version);
        if (entries) {
            // Damage that still parses (a flipped letter in a name) must not steer recovery.
            Map<Object, Object> rest = new LinkedHashMap<>(m);
            Object checksum = rest.remove(CHECKSUM);
            if (!(checksum instanceof String) || !checksum.equals(sha256(Json.writeIndented(rest)))) {
                throw new IllegalArgumentException("its checksum does not match its content");
            }
        }
        String restoreId = string(m, "restoreId");
        if (!RestoreTransaction.RESTORE_ID.matcher(restoreId).matches()) {
            throw new IllegalArgumentException("'restoreId' is not a restore id: " + shorten(restoreId));
        }
        Phase phase = phase(string(m, "phase"));
        List<?> list = list(m, "swaps");
        if (list.isEmpty() || list.size() > MAX_SWAPS) {
            throw new IllegalArgumentException("'swaps' has " + list.size() + " swaps, not 1 to " + MAX_SWAPS);
        }
        List<Swap> swaps = new ArrayList<>();
        List<FolderSwap> folders = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<?, ?> s = object(list.get(i), "swap " + i);
            Swap swap = swap(s, restoreId, entries, i);
            swaps.add(swap);
            folders.add(new FolderSwap(swap.live(), swap.staging(), swap.kept()));
        }
        RestoreTransaction.checkDistinct(folders, restoreId);
        return new Record(restoreId, phase, swaps);
    }

    private static Swap swap(Map<?, ?> s, String restoreId, boolean entries, int index) {
        String where = "swap " + index + ": ";
        Path live = path(s, "live", where);
        Path staging = path(s, "staging", where);
        Path rollback = path(s, "rollback", where);
        Object existed = s.get("liveExisted");
        if (!(existed instanceof Boolean liveExisted)) {
            throw new IllegalArgumentException(where + "'liveExisted' is not true or false");
        }
        List<String> kept = entries || s.containsKey("kept") ? strings(s, "kept", where) : List.of();
        FolderSwap folder;
        try {
            folder = new FolderSwap(live, staging, kept);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        if (!rollback.equals(folder.rollback(restoreId))) {
            throw new IllegalArgumentException(where + "'rollback' is " + shorten(rollback) + ", not "
                    + folder.rollback(restoreId));
        }
        if (!entries) {
            if (s.containsKey("mode") || s.containsKey("oldEntries") || s.containsKey("newEntries")) {
                throw new IllegalArgumentException(where + "format 1 has no mode and no entries");
            }
            return new Swap(live, staging, rollback, liveExisted, kept);
        }
        Mode mode = mode(string(s, "mode"), where);
        List<String> oldEntries = names(s, "oldEntries", where);
        List<String> newEntries = names(s, "newEntries", where);
        if (mode == Mode.ENTRIES && !liveExisted) {
            throw new IllegalArgumentException(where + "entries of a live folder that did not exist");
        }
        if (mode == Mode.FOLDER && !(oldEntries.isEmpty() && newEntries.isEmpty())) {
            throw new IllegalArgumentException(where + "entries listed for a swap of whole folders");
        }
        return new Swap(live, staging, rollback, liveExisted, kept, mode, oldEntries, newEntries);
    }

    /* The parser recurses once per level; a hostile file of brackets must not exhaust the stack. */
    private static void checkNesting(String text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels at character "
                            + i);
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    private static Phase phase(String value) {
        for (Phase p : Phase.values()) {
            if (p.json().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown phase " + shorten(value));
    }

    private static Mode mode(String value, String where) {
        for (Mode m : Mode.values()) {
            if (m.json().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException(where + "unknown mode " + shorten(value));
    }

    private static Map<?, ?> object(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return map;
    }

    private static String string(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a string");
        }
        return s;
    }

    private static List<?> list(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a list");
        }
        return list;
    }

    private static List<String> strings(Map<?, ?> m, String key, String where) {
        List<String> strings = new ArrayList<>();
        for (Object o : list(m, key)) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException(where + "'" + key + "' holds " + shorten(o) + ", not a string");
            }
            strings.add(s);
        }
        return strings;
    }

    /* Names of entries of one folder: one plain path element each, no duplicates. */
    private static List<String> names(Map<?, ?> m, String key, String where) {
        List<String> names = strings(m, key, where);
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!EntrySwap.isPlainName(name) || !seen.add(name)) {
                throw new IllegalArgumentException(where + "'" + key + "' holds " + shorten(name)
                        + ", which is not a distinct plain file name");
            }
        }
        return names;
    }

    private static Path path(Map<?, ?> m, String key, String where) {
        Object value = m.get(key);
        Path path;
        try {
            path = value instanceof String s ? Path.of(s) : null;
        } catch (IllegalArgumentException e) {
            path = null;
        }
        if (path == null || !path.isAbsolute() || !path.normalize().equals(path) || path.getParent() == null) {
            throw new IllegalArgumentException(where + "'" + key + "' is not an absolute, normalized path below"
                    + " the root: " + shorten(value));
        }
        return path;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /* Hostile values can be megabytes long; a message quotes only their start. */
    private static String shorten(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 80 ? "'" + s + "'" : "'" + s.substring(0, 80) + "...'";
    }
}
