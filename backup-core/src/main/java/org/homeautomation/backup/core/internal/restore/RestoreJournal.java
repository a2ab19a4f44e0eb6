package org.homeautomation.backup.core.internal.restore;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.homeautomation.backup.api.internal.Json;

/**
 * The journal of a {@link RestoreTransaction}: a small JSON file in the manager's data area saying which folders are
 * being swapped and how far the restore got. It is replaced atomically (temporary file, fsync, atomic rename, fsync
 * of the folder) before every step that changes a live folder, so after a crash it tells
 * {@link RestoreTransaction#recover(Path)} what to undo or finish.
 */
final class RestoreJournal {
    /** The journal's file name in its folder. */
    static final String FILE_NAME = "restore-journal.json";
    private static final String TEMP_PREFIX = "." + FILE_NAME + "-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final long FORMAT_VERSION = 1;

    /** How far a restore got. */
    enum Phase {
        /** Staging folders may exist; no live folder changed. */
        PREPARED,
        /** Live folders are being swapped; any of them may be swapped or half swapped. */
        SWAPPING,
        /** Every live folder holds its restored tree; the old trees are in the rollback folders. */
        SWAPPED,
        /** The restore is final; only the rollback folders remain to be deleted. */
        COMMITTED;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One swap as recorded.
     *
     * @param liveExisted whether the live folder existed when swapping started
     * @param kept paths relative to the live folder carried from the old tree into the restored one
     */
    record Swap(Path live, Path staging, Path rollback, boolean liveExisted, List<String> kept) {
        Swap {
            kept = List.copyOf(kept);
        }
    }

    /** The journal's content. */
    record Record(String restoreId, Phase phase, List<Swap> swaps) {
        Record {
            swaps = List.copyOf(swaps);
        }

        Record in(Phase next) {
            return new Record(restoreId, next, swaps);
        }
    }

    private final Path folder;
    private final Path file;

    RestoreJournal(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        this.file = this.folder.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** Replaces the journal with {@code record}, durably, before returning. */
    void write(Record record) throws IOException {
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, TEMP_PREFIX, TEMP_SUFFIX);
        byte[] bytes = Json.writeIndented(toJson(record)).getBytes(StandardCharsets.UTF_8);
        // A FileOutputStream, not a FileChannel: an interrupt must not cut the write short.
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            out.write(bytes);
            out.getFD().sync();
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException("Could not write the restore journal " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException("Could not write the restore journal " + file + ": " + e.getMessage(), e);
        }
        FolderTrees.syncFolder(folder);
    }

    /** @return the journal's content */
    Record read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "there is no restore journal");
        }
        try {
            return fromJson(Json.parse(text));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IOException("The restore journal " + file + " is damaged (" + e.getMessage() + "). Check the "
                    + "folders it names by hand, keep the right tree of each, then delete the journal.", e);
        }
    }

    /** Deletes the journal durably; the restore it described is then over. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
        FolderTrees.syncFolder(folder);
    }

    /** Deletes temporary files of journal writes that a crash cut off. */
    void deleteTemporaryFiles() throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
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
            swaps.add(s);
        }
        m.put("swaps", swaps);
        return m;
    }

    private static Record fromJson(Object json) {
        Map<?, ?> m = (Map<?, ?>) json;
        if (!Long.valueOf(FORMAT_VERSION).equals(m.get("formatVersion"))) {
            throw new IllegalArgumentException("unknown formatVersion " + m.get("formatVersion"));
        }
        Phase phase = null;
        for (Phase p : Phase.values()) {
            if (p.json().equals(m.get("phase"))) {
                phase = p;
            }
        }
        if (phase == null) {
            throw new IllegalArgumentException("unknown phase " + m.get("phase"));
        }
        List<Swap> swaps = new ArrayList<>();
        for (Object o : (List<?>) m.get("swaps")) {
            Map<?, ?> s = (Map<?, ?>) o;
            List<String> kept = new ArrayList<>();
            if (s.get("kept") instanceof List<?> list) {
                list.forEach(k -> kept.add((String) k));
            }
            swaps.add(new Swap(path(s, "live"), path(s, "staging"), path(s, "rollback"),
                    (Boolean) s.get("liveExisted"), kept));
        }
        return new Record((String) m.get("restoreId"), phase, swaps);
    }

    private static Path path(Map<?, ?> m, String key) {
        Object value = m.get(key);
        if (!(value instanceof String s) || !Path.of(s).isAbsolute()) {
            throw new IllegalArgumentException("'" + key + "' is not an absolute path");
        }
        return Path.of(s);
    }
}
