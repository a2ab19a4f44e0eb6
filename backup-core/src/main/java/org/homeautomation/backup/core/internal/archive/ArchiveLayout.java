package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Where things are in an archive file on disk: its {@code backup.json} and, for each content, the offset and length
 * of its entry's data. Read from the outer tar's headers alone, without reading the contents.
 *
 * @param file the archive
 * @param manifest its {@code backup.json}
 * @param contents its content entries, in archive order
 */
public record ArchiveLayout(Path file, ArchiveManifest manifest, List<ContentEntry> contents) {

    /** The largest {@code backup.json} read; a real one is a few hundred bytes. */
    private static final int MAX_MANIFEST_BYTES = 1 << 20;

    /**
     * One content's entry in the outer tar.
     *
     * @param name the content name
     * @param encrypted whether the entry is {@code <name>.tar.zst.age}
     * @param dataOffset where its data starts in the file
     * @param size its data's length
     */
    public record ContentEntry(String name, boolean encrypted, long dataOffset, long size) {
    }

    /**
     * @param file an archive in the format of {@code docs/archive-format.md}
     * @return its layout
     * @throws IOException when the file cannot be read or is not such an archive, saying why
     */
    public static ArchiveLayout read(Path file) throws IOException {
        try (TarFile tar = new TarFile(file)) {
            List<TarArchiveEntry> entries = tar.getEntries();
            if (entries.isEmpty() || !OuterTar.MANIFEST_NAME.equals(entries.get(0).getName())) {
                throw new IOException(file + " is not a backup archive: its first entry is not "
                        + OuterTar.MANIFEST_NAME);
            }
            TarArchiveEntry first = entries.get(0);
            if (first.getSize() > MAX_MANIFEST_BYTES) {
                throw new IOException(file + " is not a backup archive: its " + OuterTar.MANIFEST_NAME + " has "
                        + first.getSize() + " bytes");
            }
            ArchiveManifest manifest;
            try (InputStream in = tar.getInputStream(first)) {
                manifest = ArchiveManifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IOException("The " + OuterTar.MANIFEST_NAME + " of " + file + " is not valid: "
                        + e.getMessage(), e);
            }
            List<ContentEntry> contents = new ArrayList<>();
            for (TarArchiveEntry e : entries.subList(1, entries.size())) {
                String name = e.getName();
                boolean encrypted = name.endsWith(OuterTar.PROTECTED_SUFFIX);
                String suffix = encrypted ? OuterTar.PROTECTED_SUFFIX : OuterTar.CONTENT_SUFFIX;
                if (!e.isFile() || !name.endsWith(suffix)) {
                    throw new IOException(file + " holds an unexpected entry '" + name + "'");
                }
                contents.add(new ContentEntry(name.substring(0, name.length() - suffix.length()), encrypted,
                        e.getDataOffset(), e.getSize()));
            }
            List<String> names = contents.stream().map(ContentEntry::name).toList();
            if (!names.equals(manifest.contents())) {
                throw new IOException("The contents of " + file + " " + names + " are not those its "
                        + OuterTar.MANIFEST_NAME + " lists " + manifest.contents());
            }
            if (contents.stream().anyMatch(c -> c.encrypted() != manifest.protectedBackup())) {
                throw new IOException("The contents of " + file + " are " + (manifest.protectedBackup() ? "not all"
                        : "partly") + " encrypted, though its " + OuterTar.MANIFEST_NAME + " says protected="
                        + manifest.protectedBackup());
            }
            return new ArchiveLayout(file, manifest, List.copyOf(contents));
        }
    }

    /** @return the entry of the named content, if the archive has it */
    public Optional<ContentEntry> content(String name) {
        return contents.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
