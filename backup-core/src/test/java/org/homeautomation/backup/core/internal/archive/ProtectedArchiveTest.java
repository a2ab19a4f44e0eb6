package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.TwoContentArchive.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.core.internal.crypto.AgeCommand;
import org.homeautomation.backup.support.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protected form of an archive, made on the fly: the same bytes on every open, the size and digest it announces,
 * a clear {@code backup.json} that says "protected" and holds no secret, and contents that the stock {@code tar},
 * {@code age} and {@code zstd} commands open.
 */
class ProtectedArchiveTest {
    @TempDir
    static Path temp;
    static TwoContentArchive clear;

    @BeforeAll
    static void writeClearArchive() throws IOException {
        clear = TwoContentArchive.write(temp);
    }

    @Test
    void everyOpenGivesTheSameBytesOfTheAnnouncedSizeAndDigest() throws IOException {
        try (ProtectedArchive archive = clear.protect()) {
            byte[] first = TwoContentArchive.readAll(archive);
            byte[] second = TwoContentArchive.readAll(archive);

            assertArrayEquals(first, second, "an agent that reads the source again must get the same bytes");
            assertEquals(first.length, archive.size());
            assertEquals(sha256(first), archive.sha256Hex());
            assertTrue(archive.file().isEmpty(), "nothing is written to disk");
            assertArrayEquals(first, TwoContentArchive.readAll(archive), "still the same after the digest");
        }
    }

    @Test
    void twoProtectedFormsOfOneBackupHaveDifferentKeys() throws IOException {
        try (ProtectedArchive a = clear.protect(); ProtectedArchive b = clear.protect()) {
            assertEquals(a.size(), b.size());
            assertNotEquals(a.sha256Hex(), b.sha256Hex(), "keys, salts and nonces are drawn for each");
        }
    }

    @Test
    void backupJsonStaysClearSaysProtectedAndHoldsNoSecret() throws IOException {
        Path file = temp.resolve("protected-json.tar");
        try (ProtectedArchive archive = clear.protect()) {
            Files.write(file, TwoContentArchive.readAll(archive));
        }
        Map<String, ArchiveReader.Entry> outer = ArchiveReader.outerEntries(file);
        assertEquals(List.of("backup.json", "etc.tar.zst.age", "userdata.tar.zst.age"), new ArrayList<>(outer
                .keySet()));
        String json = outer.get("backup.json").text();
        ArchiveManifest m = clear.manifest;
        assertEquals(new ArchiveManifest(m.id(), m.name(), m.createdAt(), true, m.formatVersion(), m.runtimeVersion(),
                m.contents(), m.extras()), ArchiveManifest.fromJson(json));
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) Json.parse(json);
        assertEquals(Set.of("id", "name", "createdAt", "protected", "formatVersion", "runtimeVersion", "contents",
                "extras"), fields.keySet(), "no key, salt or password field");
        assertEquals(Boolean.TRUE, fields.get("protected"));
        byte[] all = Files.readAllBytes(file);
        assertFalse(contains(all, PASSWORD.getBytes(StandardCharsets.UTF_8)), "the password is nowhere");
        for (ArchiveReader.Entry e : outer.values()) {
            assertEquals(0644, e.header().getMode() & 07777, e.header().getName());
            assertEquals(m.createdAt().getEpochSecond(), e.header().getLastModifiedTime().toInstant()
                    .getEpochSecond(), e.header().getName());
        }
        String age = new String(outer.get("etc.tar.zst.age").data(), 0, 40, StandardCharsets.US_ASCII);
        assertTrue(age.startsWith("age-encryption.org/v1\n-> scrypt "), age);

        ArchiveLayout layout = ArchiveLayout.read(file);
        assertTrue(layout.manifest().protectedBackup());
        assertTrue(layout.contents().stream().allMatch(ArchiveLayout.ContentEntry::encrypted));
    }

    @Test
    void theStockTarAgeAndZstdCommandsOpenIt() throws Exception {
        SystemCommands.requireExecutable("/usr/bin/tar");
        SystemCommands.requireExecutable("/usr/bin/zstd");
        AgeCommand.requireInstalled();
        Path work = Files.createDirectories(temp.resolve("stock-tools"));
        Path file = work.resolve("backup.tar");
        // The work factor of real backups, which the age command must accept.
        try (ProtectedArchive archive = new ProtectedArchive(ArchiveLayout.read(clear.archive),
                PASSWORD.toCharArray(), ProtectedArchive.DEFAULT_WORK_FACTOR, new SecureRandom())) {
            Files.write(file, TwoContentArchive.readAll(archive));
        }

        assertEquals("", SystemCommands.shell(work, "mkdir x && tar -xf backup.tar -C x"));
        assertEquals(List.of("backup.json", "etc.tar.zst.age", "userdata.tar.zst.age"), listing(work.resolve("x")));
        for (String content : List.of("etc", "userdata")) {
            Path encrypted = work.resolve("x/" + content + ".tar.zst.age");
            AgeCommand.Result r = AgeCommand.decrypt(encrypted, work.resolve("x/" + content + ".tar.zst"), PASSWORD);
            assertEquals(0, r.exitCode(), "age -d " + content + ": " + r.terminal());
            assertEquals("", SystemCommands.shell(work, "mkdir -p restore/" + content + " && zstd -q -dc x/"
                    + content + ".tar.zst | tar -xf - -C restore/" + content));
        }
        assertEquals(TwoContentArchive.describe(clear.etc), TwoContentArchive.describe(work.resolve("restore/etc")));
        assertEquals(TwoContentArchive.describe(clear.userdata), TwoContentArchive.describe(work.resolve(
                "restore/userdata")));
        assertTrue(Files.readString(work.resolve("x/backup.json")).contains("\"protected\": true"));
    }

    /** The size is computed ahead from the headers' lengths, which depend on the name; the longest name there is. */
    @Test
    void theAnnouncedSizeHoldsForTheLongestContentNameAndAnEmptyContent() throws IOException {
        String longest = "c" + "0123456789".repeat(6) + "-x_";
        assertEquals(64, longest.length());
        Path root = Files.createDirectories(temp.resolve("longest/" + longest));
        SourceTrees.file(root, "a.txt", "a");
        Path empty = Files.createDirectories(temp.resolve("longest/empty"));
        Path file = temp.resolve("longest.tar");
        new ArchiveWriter(3, 1, UnreadableFilePolicy.FAIL).write(file, new ArchiveManifest("20250607-080910-01234567",
                "longest", TwoContentArchive.CREATED, false, 1, "", List.of(longest, "empty"), Map.of()),
                List.of(new ContentSource(longest, root), new ContentSource("empty", empty)));

        try (ProtectedArchive archive = new ProtectedArchive(ArchiveLayout.read(file), PASSWORD.toCharArray(),
                TwoContentArchive.TEST_WORK_FACTOR, new SecureRandom())) {
            byte[] bytes = TwoContentArchive.readAll(archive);
            assertEquals(bytes.length, archive.size());
            assertEquals(sha256(bytes), archive.sha256Hex());
            assertEquals(List.of("backup.json", longest + ".tar.zst.age", "empty.tar.zst.age"), ArchiveReader
                    .outerNames(Files.write(temp.resolve("longest-protected.tar"), bytes)));
        }
    }

    @Test
    void anArchiveThatIsProtectedAlreadyIsRefused() throws IOException {
        Path file = temp.resolve("protected-twice.tar");
        try (ProtectedArchive archive = clear.protect()) {
            Files.write(file, TwoContentArchive.readAll(archive));
        }
        IOException e = assertThrows(IOException.class, () -> new ProtectedArchive(ArchiveLayout.read(file),
                PASSWORD.toCharArray(), TwoContentArchive.TEST_WORK_FACTOR, new SecureRandom()));
        assertTrue(e.getMessage().contains(clear.manifest.id()) && e.getMessage().contains("protected already"),
                e.getMessage());
    }

    @Test
    void closingWipesTheKeysSoItCannotBeOpenedAgain() throws IOException {
        ProtectedArchive archive = clear.protect();
        archive.close();
        assertThrows(RuntimeException.class, () -> {
            try (InputStream in = archive.open()) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void toStringShowsNoSecret() throws IOException {
        try (ProtectedArchive archive = clear.protect()) {
            assertFalse(archive.toString().contains(PASSWORD), archive.toString());
            assertTrue(archive.toString().contains(clear.manifest.id()), archive.toString());
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var names = Files.list(dir)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
