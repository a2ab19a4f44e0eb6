package org.homeautomation.backup.core.internal.crypto;

import static org.homeautomation.backup.core.internal.crypto.AgeTestData.CHUNK;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.PASSPHRASE_TEXT;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.TEST_LOG_N;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files go both ways between this package and the real {@code age} command (Debian package age). */
class AgeCommandInteropTest {
    /** Not ASCII, so that both sides must agree on UTF-8. */
    private static final String UNICODE_PASSPHRASE = "Grüße aus Köln ✓ 日本";

    @TempDir
    Path temp;

    @BeforeAll
    static void ageMustBeInstalled() {
        AgeCommand.requireInstalled();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 2 * CHUNK + 321})
    void aFileEncryptedByAgeDecryptsWithOurs(int size) throws Exception {
        byte[] plain = random(size, size);
        Path plainFile = Files.write(temp.resolve("plain"), plain);
        Path encrypted = temp.resolve("plain.age");

        AgeCommand.Result r = AgeCommand.encryptWithPassphrase(plainFile, encrypted, UNICODE_PASSPHRASE);

        assertEquals(0, r.exitCode(), r.terminal());
        try (InputStream in = AgeDecryptingInputStream.open(Files.newInputStream(encrypted),
                UNICODE_PASSPHRASE.toCharArray())) {
            assertArrayEquals(plain, in.readAllBytes());
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 4321})
    void ourFilesDecryptWithAge(int size) throws Exception {
        byte[] plain = random(size, size + 1);
        AgeFileKey key = AgeFileKey.generate(PASSPHRASE_TEXT.toCharArray(), TEST_LOG_N, new SecureRandom());
        Path encrypted = writeEncrypted(plain, key);
        Path decrypted = temp.resolve("decrypted");

        AgeCommand.Result r = AgeCommand.decrypt(encrypted, decrypted, PASSPHRASE_TEXT);

        assertEquals(0, r.exitCode(), r.terminal());
        assertArrayEquals(plain, readOutput(decrypted));
    }

    @Test
    void ourFileWithTheDefaultWorkFactorAndAUnicodePassphraseDecryptsWithAge() throws Exception {
        byte[] plain = random(CHUNK + 77, 31);
        AgeFileKey key = AgeFileKey.generate(UNICODE_PASSPHRASE.toCharArray(), AgeFileKey.DEFAULT_LOG_N,
                new SecureRandom());
        Path decrypted = temp.resolve("decrypted");

        AgeCommand.Result r = AgeCommand.decrypt(writeEncrypted(plain, key), decrypted, UNICODE_PASSPHRASE);

        assertEquals(0, r.exitCode(), r.terminal());
        assertArrayEquals(plain, readOutput(decrypted));
    }

    @Test
    void ageRefusesOurFileWithAWrongPassphrase() throws Exception {
        AgeFileKey key = AgeFileKey.generate(PASSPHRASE_TEXT.toCharArray(), TEST_LOG_N, new SecureRandom());
        Path decrypted = temp.resolve("decrypted");

        AgeCommand.Result r = AgeCommand.decrypt(writeEncrypted(random(5000, 32), key), decrypted,
                PASSPHRASE_TEXT + "!");

        assertNotEquals(0, r.exitCode(), r.terminal());
        assertTrue(r.terminal().contains("incorrect passphrase"), r.terminal());
        assertFalse(Files.exists(decrypted) && Files.size(decrypted) > 0, "age wrote no plaintext");
    }

    @Test
    void ageRefusesOurFileWhenItsLastChunkIsAltered() throws Exception {
        AgeFileKey key = AgeFileKey.generate(PASSPHRASE_TEXT.toCharArray(), TEST_LOG_N, new SecureRandom());
        Path encrypted = writeEncrypted(random(CHUNK + 500, 33), key);
        byte[] bytes = Files.readAllBytes(encrypted);
        bytes[bytes.length - 20] ^= 1;
        Files.write(encrypted, bytes);

        AgeCommand.Result r = AgeCommand.decrypt(encrypted, temp.resolve("decrypted"), PASSPHRASE_TEXT);

        assertNotEquals(0, r.exitCode(), r.terminal());
    }

    @Test
    void aFileAgeEncryptedToAnX25519KeyIsNotPassphraseProtected() throws Exception {
        String recipient = AgeCommand.newX25519Recipient(temp.resolve("identity.txt"));
        Path plainFile = Files.write(temp.resolve("plain"), random(100, 34));
        Path encrypted = temp.resolve("plain.age");
        AgeCommand.Result r = AgeCommand.encryptToRecipient(plainFile, encrypted, recipient);
        assertEquals(0, r.exitCode(), r.terminal());

        UnsupportedAgeFileException e = assertThrows(UnsupportedAgeFileException.class,
                () -> AgeDecryptingInputStream.open(Files.newInputStream(encrypted), PASSPHRASE_TEXT.toCharArray()));
        assertTrue(e.getMessage().contains("not a passphrase-protected age file"), e.getMessage());
    }

    /** age creates its output file on the first byte it writes, so an empty plaintext leaves no file. */
    private static byte[] readOutput(Path decrypted) throws IOException {
        return Files.exists(decrypted) ? Files.readAllBytes(decrypted) : new byte[0];
    }

    private Path writeEncrypted(byte[] plain, AgeFileKey key) throws IOException {
        Path encrypted = temp.resolve("ours.age");
        Files.write(encrypted, AgeTestData.encrypt(plain, key));
        assertEquals(key.encryptedSize(plain.length), Files.size(encrypted));
        return encrypted;
    }
}
