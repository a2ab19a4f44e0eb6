package org.homeautomation.backup.gogo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Saves a backup archive stream to a file. The bytes go to a temporary file beside the target first, so that a
 * download that fails half-way, or whose digest does not match, never leaves a file that looks like a good backup.
 */
final class ArchiveDownload {
    private ArchiveDownload() {
    }

    /**
     * Streams {@code in} into {@code target} and closes {@code in}.
     *
     * @param in the archive
     * @param target the file to create; it must not exist, its folder must
     * @return the number of bytes written
     * @throws IOException when the file exists, its folder does not, or reading or writing fails; nothing is left at
     *             {@code target} then
     */
    static long save(InputStream in, Path target) throws IOException {
        try (InputStream source = in) {
            Path file = target.toAbsolutePath().normalize();
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null,
                        "the file exists; choose another file name or delete it first");
            }
            Path folder = file.getParent();
            if (folder == null || !Files.isDirectory(folder)) {
                throw new NoSuchFileException(String.valueOf(folder), null,
                        "the folder does not exist; create it or choose another file");
            }
            Path partial = Files.createTempFile(folder, "." + file.getFileName(), ".part");
            try {
                long bytes;
                try (OutputStream out = Files.newOutputStream(partial)) {
                    bytes = source.transferTo(out);
                }
                // Without REPLACE_EXISTING: a file created at the target meanwhile is not overwritten.
                Files.move(partial, file);
                return bytes;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
        }
    }
}
