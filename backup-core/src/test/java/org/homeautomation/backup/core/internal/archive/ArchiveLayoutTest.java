package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where things are in an archive file, read from its headers; and what it refuses as not a backup archive. */
class ArchiveLayoutTest {
    @TempDir
    static Path temp;
    static TwoContentArchive clear;

    @BeforeAll
    static void writeArchive() throws IOException {
        clear = TwoContentArchive.write(temp);
    }

    @Test
    void givesTheManifestAndWhereEachContentsDataIs() throws IOException {
        ArchiveLayout layout = ArchiveLayout.read(clear.archive);

        assertEquals(clear.manifest, layout.manifest());
        assertEquals(List.of("etc", "userdata"), layout.contents().stream().map(ArchiveLayout.ContentEntry::name)
                .toList());
        Map<String, ArchiveReader.Entry> outer = ArchiveReader.outerEntries(clear.archive);
        byte[] file = clear.clearBytes();
        for (ArchiveLayout.ContentEntry c : layout.contents()) {
            assertFalse(c.encrypted());
            byte[] data = outer.get(c.name() + ".tar.zst").data();
            assertEquals(data.length, c.size(), c.name());
            assertArrayEquals(data, java.util.Arrays.copyOfRange(file, (int) c.dataOffset(),
                    (int) (c.dataOffset() + c.size())), c.name());
            try (InputStream range = FileRange.open(clear.archive, c.dataOffset(), c.size())) {
                assertArrayEquals(data, range.readAllBytes(), "FileRange reads exactly the entry's data");
            }
        }
        assertTrue(layout.content("etc").isPresent());
        assertTrue(layout.content("nothing").isEmpty());
    }

    @Test
    void aTarWhoseFirstEntryIsNotBackupJsonIsRefused() throws IOException {
        Path file = tar("other-first.tar", "readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> ArchiveLayout.read(file));
        assertTrue(e.getMessage().contains("not a backup archive"), e.getMessage());
    }

    @Test
    void contentsOtherThanTheManifestListsAreRefused() throws IOException {
        OuterTar outer = new OuterTar(clear.manifest.createdAt());
        Path file = temp.resolve("missing-content.tar");
        try (var out = Files.newOutputStream(file)) {
            out.write(outer.manifestEntry(clear.manifest.toJson()));
            byte[] data = new byte[10];
            out.write(outer.contentHeader("etc", false, data.length));
            out.write(data);
            out.write(new byte[TarRecords.padding(data.length) + TarRecords.END_OF_ARCHIVE_LENGTH]);
        }
        IOException e = assertThrows(IOException.class, () -> ArchiveLayout.read(file));
        assertTrue(e.getMessage().contains("[etc]") && e.getMessage().contains("[etc, userdata]"), e.getMessage());
    }

    @Test
    void contentsEncryptedInAnArchiveThatSaysUnprotectedAreRefused() throws IOException {
        OuterTar outer = new OuterTar(clear.manifest.createdAt());
        Path file = temp.resolve("mixed.tar");
        try (var out = Files.newOutputStream(file)) {
            out.write(outer.manifestEntry(clear.manifest.toJson()));
            byte[] data = new byte[10];
            out.write(outer.contentHeader("etc", false, data.length));
            out.write(data);
            out.write(new byte[TarRecords.padding(data.length)]);
            out.write(outer.contentHeader("userdata", true, data.length));
            out.write(data);
            out.write(new byte[TarRecords.padding(data.length) + TarRecords.END_OF_ARCHIVE_LENGTH]);
        }
        IOException e = assertThrows(IOException.class, () -> ArchiveLayout.read(file));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void anUnexpectedEntryIsNamed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            put(out, "backup.json", clear.manifest.toJson().getBytes(StandardCharsets.UTF_8));
            put(out, "notes.txt", new byte[3]);
        }
        Path file = Files.write(temp.resolve("unexpected.tar"), bytes.toByteArray());
        IOException e = assertThrows(IOException.class, () -> ArchiveLayout.read(file));
        assertTrue(e.getMessage().contains("'notes.txt'"), e.getMessage());
    }

    @Test
    void anInvalidBackupJsonIsRefusedSayingWhy() throws IOException {
        Path file = tar("bad-json.tar", "backup.json", "{\"id\": 5}".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> ArchiveLayout.read(file));
        assertTrue(e.getMessage().contains("backup.json") && e.getMessage().contains("not valid"), e.getMessage());
    }

    private static Path tar(String name, String entry, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            put(out, entry, data);
        }
        return Files.write(temp.resolve(name), bytes.toByteArray());
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
    }
}
