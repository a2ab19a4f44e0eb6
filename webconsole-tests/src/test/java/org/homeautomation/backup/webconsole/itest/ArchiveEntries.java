package org.homeautomation.backup.webconsole.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads entries of a downloaded backup archive, a plain tar. */
final class ArchiveEntries {
    private ArchiveEntries() {
    }

    /**
     * @param archive the tar file
     * @param name the entry's name
     * @return the entry's text
     * @throws IOException when the archive has no such entry
     */
    static String text(Path archive, String name) throws IOException {
        try (InputStream file = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(file)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(name) || entry.getName().equals("./" + name)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException(archive + " has no entry " + name);
    }
}
