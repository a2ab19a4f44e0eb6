package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.TwoContentArchive.MAX_WORK_FACTOR;
import static org.homeautomation.backup.core.internal.archive.TwoContentArchive.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One content of an archive on disk, as its plain tar: the same for the clear and the protected archive. */
class ContentReaderTest {
    @TempDir
    static Path temp;
    static TwoContentArchive clear;
    static ArchiveLayout clearLayout;
    static ArchiveLayout protectedLayout;
    static byte[] protectedBytes;

    @BeforeAll
    static void writeArchives() throws IOException {
        clear = TwoContentArchive.write(temp);
        clearLayout = ArchiveLayout.read(clear.archive);
        try (ProtectedArchive archive = clear.protect()) {
            protectedBytes = TwoContentArchive.readAll(archive);
        }
        protectedLayout = ArchiveLayout.read(Files.write(temp.resolve("protected.tar"), protectedBytes));
    }

    @Test
    void theClearAndTheProtectedArchiveGiveTheSamePlainTar() throws IOException {
        for (String content : List.of("etc", "userdata")) {
            byte[] fromClear = read(clearLayout, content, null);
            byte[] fromProtected = read(protectedLayout, content, PASSWORD.toCharArray());
            assertArrayEquals(fromClear, fromProtected, content);
            assertEquals(names(ArchiveReader.contentEntries(clear.archive, content).keySet()), names(fromClear),
                    content);
        }
    }

    @Test
    void aClearArchiveIgnoresThePassword() throws IOException {
        assertArrayEquals(read(clearLayout, "etc", null), read(clearLayout, "etc", "anything".toCharArray()));
    }

    @Test
    void aWrongPasswordFailsWhenOpening() {
        assertThrows(WrongPassphraseException.class, () -> ContentReader.open(protectedLayout, "etc",
                "wrong".toCharArray(), MAX_WORK_FACTOR).close());
    }

    @Test
    void noPasswordForAProtectedContentFailsSayingSo() {
        IOException e = assertThrows(IOException.class, () -> ContentReader.open(protectedLayout, "etc", null,
                MAX_WORK_FACTOR).close());
        assertFalse(e instanceof WrongPassphraseException);
        assertTrue(e.getMessage().contains("etc") && e.getMessage().contains("no password"), e.getMessage());
    }

    @Test
    void anUnknownContentIsNamed() {
        IOException e = assertThrows(IOException.class, () -> ContentReader.open(clearLayout, "nothing", null,
                MAX_WORK_FACTOR).close());
        assertTrue(e.getMessage().contains("'nothing'") && e.getMessage().contains(clear.manifest.id()),
                e.getMessage());
    }

    @Test
    void aChangedByteInAnEncryptedContentFailsTheRead() throws IOException {
        ArchiveLayout.ContentEntry userdata = protectedLayout.content("userdata").orElseThrow();
        byte[] tampered = protectedBytes.clone();
        tampered[(int) (userdata.dataOffset() + userdata.size() / 2)] ^= 4;
        ArchiveLayout layout = ArchiveLayout.read(Files.write(temp.resolve("tampered.tar"), tampered));

        assertThrows(IOException.class, () -> read(layout, "userdata", PASSWORD.toCharArray()));
    }

    @Test
    void aChangedByteInAClearContentFailsTheReadByZstdsChecksum() throws IOException {
        ArchiveLayout.ContentEntry userdata = clearLayout.content("userdata").orElseThrow();
        byte[] tampered = clear.clearBytes();
        tampered[(int) (userdata.dataOffset() + userdata.size() / 2)] ^= 4;
        ArchiveLayout layout = ArchiveLayout.read(Files.write(temp.resolve("tampered-clear.tar"), tampered));

        assertThrows(IOException.class, () -> read(layout, "userdata", null));
    }

    private static byte[] read(ArchiveLayout layout, String content, char[] password) throws IOException {
        try (InputStream in = ContentReader.open(layout, content, password, MAX_WORK_FACTOR)) {
            return in.readAllBytes();
        }
    }

    private static List<String> names(Iterable<String> names) {
        List<String> list = new ArrayList<>();
        names.forEach(list::add);
        return list;
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> list = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(TwoContentArchive.stream(tar),
                StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                list.add(e.getName());
            }
        }
        return list;
    }
}
