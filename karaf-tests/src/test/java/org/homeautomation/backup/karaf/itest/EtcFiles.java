package org.homeautomation.backup.karaf.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files a test puts into Karaf's {@code etc}, as a person editing a {@code .cfg} there would. Inside Karaf only. */
final class EtcFiles {
    private EtcFiles() {
    }

    /**
     * Writes a file into etc whole at once: File Install must never read half a file. It ignores the temporary
     * file, whose name starts with a dot.
     *
     * @param fileName the file's name in etc, such as {@code org.homeautomation.backup.cfg}
     * @param text its content
     */
    static void write(String fileName, String text) throws IOException {
        Path target = Path.of(System.getProperty("karaf.etc"), fileName);
        Path temporary = target.resolveSibling("." + fileName + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
