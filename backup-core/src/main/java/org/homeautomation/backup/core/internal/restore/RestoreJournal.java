package org.homeautomation.backup.core.internal.restore;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;


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

    /** How a live folder is swapped. */
    enum Mode {
        /**
         * The live folder stays (watchers of it keep working); its entries are moved into the rollback folder and
         * the restored tree's entries into it.
         */
        ENTRIES,
        /** The live folder itself is renamed to the rollback folder and the staging folder to the live name. */
        FOLDER;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One swap as recorded.
     *
     * @param liveExisted whether the live folder existed when swapping started
     * @param kept paths relative to the live folder carried from the old tree into the restored one
     * @param mode how the folder is swapped
     * @param oldEntries in {@link Mode#ENTRIES}: the names in the live folder that the swap moves aside
     * @param newEntries in {@link Mode#ENTRIES}: the names in the staging folder that the swap moves in
     */
    record Swap(Path live, Path staging, Path rollback, boolean liveExisted, List<String> kept, Mode mode,
            List<String> oldEntries, List<String> newEntries) {
        Swap {
            kept = List.copyOf(kept);
            oldEntries = List.copyOf(oldEntries);
            newEntries = List.copyOf(newEntries);
        }

        /** A swap as prepared, before its entries are listed. */
        Swap(Path live, Path staging, Path rollback, boolean liveExisted, List<String> kept) {
            this(live, staging, rollback, liveExisted, kept, Mode.FOLDER, List.of(), List.of());
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

    /** @return the folder the journal is kept in, absolute and normalized */
    Path folder() {
        return folder;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** Replaces the journal with {@code record}, durably, before returning. */
    void write(Record record) throws IOException {
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, TEMP_PREFIX, TEMP_SUFFIX);
        byte[] bytes = RestoreJournalFormat.write(record).getBytes(StandardCharsets.UTF_8);
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

    /**
     * @return the journal's content, checked whole: every field present, of its type and plausible
     * @throws IOException when it cannot be read or is damaged; the message names the file and says what to do
     */
    Record read() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(RestoreJournalFormat.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "there is no restore journal");
        }
        try {
            if (bytes.length > RestoreJournalFormat.MAX_BYTES) {
                throw new IllegalArgumentException("larger than " + RestoreJournalFormat.MAX_BYTES + " bytes");
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return RestoreJournalFormat.parse(text);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new IOException("The restore journal " + file + " is damaged (" + BackupRestore.clause(
                    e.getMessage()) + "); nothing was changed. Check by hand the folders beside it and their"
                    + " '.rollback-' and '.restore-' siblings: keep the right tree of each (the old one unless the"
                    + " restore had finished), delete the others, then delete the journal.", e);
        }
    }

    /** Deletes the journal durably; the restore it described is then over. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
        FolderTrees.syncFolder(folder);
    }

    /**
     * Removes the journal's folder when nothing is in it, so that no empty folder stays beside the live folders after
     * a restore or a recovery. Best effort: a folder that is not empty or cannot be removed stays.
     */
    void deleteFolderIfEmpty() {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // not empty (someone else's files, or a journal being written): it stays
        }
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
}
