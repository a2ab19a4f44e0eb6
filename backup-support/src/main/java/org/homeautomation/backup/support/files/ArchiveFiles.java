package org.homeautomation.backup.support.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes a backup archive stream to a new file. The bytes go to a hidden file beside the target first and are moved
 * into place only once the stream has ended well (the manager's stream checks the digest at its end), so a download
 * that fails half-way never leaves a file that looks like a good backup. Used by the console commands of Karaf and of
 * Gogo, which carry their own copy of this package ({@code -conditionalpackage}).
 */
public final class ArchiveFiles {
    private ArchiveFiles() {
    }

    /**
     * Streams {@code in} into {@code target} and closes {@code in}, holding no more than a buffer in memory.
     *
     * @param in the archive
     * @param target the file to create; it must not exist, its folder must
     * @return the number of bytes written
     * @throws IOException when the file exists, its folder does not, or reading or writing fails; then nothing is
     *             left behind
     */
    public static long save(InputStream in, Path target) throws IOException {
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
                // No REPLACE_EXISTING: a file that appeared at the target meanwhile is kept, and this move fails.
                Files.move(partial, file);
                return bytes;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
        }
    }
}
