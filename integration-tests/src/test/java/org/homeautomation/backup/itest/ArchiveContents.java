package org.homeautomation.backup.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;

/**
 * Reads a backup archive inside the framework, with the commons-compress, commons-io and zstd-jni bundles the core
 * writes it with: the outer tar holds {@code backup.json} and one {@code <content>.tar.zst} per content. Meant for
 * the small archives of tests; file contents are read into memory.
 */
public final class ArchiveContents {
    /** The name of the metadata entry, first in the archive. */
    public static final String METADATA_ENTRY = "backup.json";
    /** The suffix of a content's entry. */
    public static final String CONTENT_SUFFIX = ".tar.zst";

    private ArchiveContents() {
    }

    /**
     * @param archive a backup archive
     * @return the names of the outer tar's entries, in archive order
     * @throws IOException when the archive cannot be read
     */
    public static List<String> entries(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    /**
     * @param archive a backup archive
     * @return the text of its {@code backup.json}
     * @throws IOException when the archive cannot be read or has no metadata
     */
    public static String metadataJson(Path archive) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(METADATA_ENTRY)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException(archive + " has no " + METADATA_ENTRY);
    }

    /**
     * Unpacks one content in memory.
     *
     * @param archive a backup archive
     * @param content a content name
     * @return relative path to bytes for each regular file of the content, sorted by path
     * @throws IOException when the archive cannot be read or lacks the content
     */
    public static Map<String, byte[]> files(Path archive, String content) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(content + CONTENT_SUFFIX)) {
                    return innerFiles(CloseShieldInputStream.wrap(tar));
                }
            }
        }
        throw new IOException(archive + " has no entry " + content + CONTENT_SUFFIX);
    }

    private static Map<String, byte[]> innerFiles(InputStream zstdTar) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (TarArchiveInputStream inner = new TarArchiveInputStream(new ZstdCompressorInputStream(zstdTar))) {
            TarArchiveEntry entry;
            while ((entry = inner.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(relative(entry.getName()), inner.readAllBytes());
                }
            }
        }
        return files;
    }

    private static String relative(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }
}
