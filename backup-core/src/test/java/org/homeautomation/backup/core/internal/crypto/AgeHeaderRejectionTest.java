package org.homeautomation.backup.core.internal.crypto;

import static org.homeautomation.backup.core.internal.crypto.AgeTestData.encrypt;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.headerText;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.newKey;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.passphrase;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.random;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.withHeader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything wrong before the payload is found by {@code open}, before a byte of plaintext: the passphrase, the
 * header's syntax and MAC, the kind of age file, the work factor.
 */
class AgeHeaderRejectionTest {
    private static final String B64 = "[A-Za-z0-9+/]";
    private static byte[] plain;
    private static byte[] cipher;
    private static String header;

    @BeforeAll
    static void encryptOnce() throws IOException {
        plain = random(2 * AgeTestData.CHUNK + 10, 11);
        cipher = encrypt(plain, newKey());
        header = headerText(cipher);
    }

    private static <T extends IOException> T openFails(Class<T> type, byte[] input) {
        return assertThrows(type, () -> AgeDecryptingInputStream.open(new ByteArrayInputStream(input), passphrase()));
    }

    private static DamagedCiphertextException damaged(String newHeader) {
        return openFails(DamagedCiphertextException.class, withHeader(cipher, newHeader));
    }

    /** The salt and the stanza body, as they are in the header. */
    private static String[] saltAndBody() {
        String[] lines = header.split("\n");
        return new String[] {lines[1].split(" ")[2], lines[2]};
    }

    @Test
    void theIntactFileOpens() throws IOException {
        assertArrayEquals(plain, AgeTestData.decrypt(cipher, passphrase()));
    }

    @Test
    void aWrongPassphraseFailsWhenOpeningWithItsOwnException() {
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> AgeDecryptingInputStream.open(new ByteArrayInputStream(cipher), "correct horse".toCharArray()));
        assertTrue(e.getMessage().contains("passphrase is wrong"), e.getMessage());
    }

    @Test
    void aDamagedStanzaBodyOrSaltCannotBeToldFromAWrongPassphrase() {
        // Decision: the format gives no way to tell these apart (the stanza is what the passphrase opens), so they
        // are reported as a wrong passphrase, whose message mentions the possible damage.
        String[] saltAndBody = saltAndBody();
        String body = saltAndBody[1];
        String otherBody = swapFirstChar(body);
        openFails(WrongPassphraseException.class, withHeader(cipher, header.replace(body, otherBody)));

        String salt = saltAndBody[0];
        openFails(WrongPassphraseException.class, withHeader(cipher, header.replace(salt, swapFirstChar(salt))));
    }

    @Test
    void aDifferentMacIsDamage() {
        String mac = header.substring(header.indexOf("--- ") + 4, header.length() - 1);
        DamagedCiphertextException e = damaged(header.replace("--- " + mac, "--- " + swapFirstChar(mac)));
        assertTrue(e.getMessage().contains("MAC"), e.getMessage());
    }

    @Test
    void everyBitFlipInTheHeaderFailsToOpen() throws IOException {
        // Work factor 2^1, so that the hundreds of flips that reach scrypt cost nothing; the limit 2^16 keeps flips of
        // the work factor itself cheap too.
        byte[] file = encrypt(plain, AgeFileKey.generate(passphrase(), 1, new SecureRandom()));
        String text = headerText(file);
        for (int i = 0; i < text.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = file.clone();
                damaged[i] ^= (byte) (1 << bit);
                String where = "bit " + bit + " of header byte " + i + " ('" + text.charAt(i) + "')";
                IOException e = assertThrows(IOException.class,
                        () -> AgeDecryptingInputStream.open(new ByteArrayInputStream(damaged), passphrase(), 16),
                        where);
                assertTrue(e instanceof DamagedCiphertextException || e instanceof WrongPassphraseException
                        || e instanceof UnsupportedAgeFileException, where + ": " + e);
            }
        }
    }

    @Test
    void aTruncatedHeaderIsDamageAtEveryLength() {
        for (int length = 0; length < header.length(); length++) {
            DamagedCiphertextException e = openFails(DamagedCiphertextException.class,
                    Arrays.copyOf(cipher, length));
            assertTrue(e.getMessage().contains("not an age file") || e.getMessage().contains("ends inside the header"),
                    length + ": " + e.getMessage());
        }
    }

    @Test
    void endingRightAfterTheHeaderOrInsideTheNonceIsDamage() {
        int length = header.length();
        openFails(DamagedCiphertextException.class, Arrays.copyOf(cipher, length));
        DamagedCiphertextException e = openFails(DamagedCiphertextException.class,
                Arrays.copyOf(cipher, length + 8));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void dataThatIsNotAnAgeFileIsSaidToBeSo() {
        for (byte[] input : new byte[][] {new byte[0], random(5000, 1), {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 1},
                "age-encryption.org/v1".getBytes(StandardCharsets.US_ASCII), new byte[100_000]}) {
            DamagedCiphertextException e = openFails(DamagedCiphertextException.class, input);
            assertTrue(e.getMessage().contains("not an age file"), e.getMessage());
        }
    }

    @Test
    void aWorkFactorAboveTheLimitIsRefusedBeforeScryptRuns() {
        AgeFileKey key = AgeFileKey.generate(passphrase(), 12, new SecureRandom());
        byte[] file = assertDoesNotThrowIo(() -> encrypt(new byte[10], key));

        UnsupportedAgeFileException e = assertThrows(UnsupportedAgeFileException.class,
                () -> AgeDecryptingInputStream.open(new ByteArrayInputStream(file), passphrase(), 11));
        assertTrue(e.getMessage().contains("work factor is 2^12") && e.getMessage().contains("maximum is 2^11"),
                e.getMessage());
        assertArrayEquals(new byte[10], assertDoesNotThrowIo(() -> AgeDecryptingInputStream
                .open(new ByteArrayInputStream(file), passphrase(), 12).readAllBytes()));

        // 2^40 would need a terabyte: refused at once, instead of running out of memory.
        String huge = header.replaceFirst(" 10\n", " 40\n");
        e = openFails(UnsupportedAgeFileException.class, withHeader(cipher, huge));
        assertTrue(e.getMessage().contains("2^40") && e.getMessage().contains("2^20"), e.getMessage());
        openFails(UnsupportedAgeFileException.class,
                withHeader(cipher, header.replaceFirst(" 10\n", " 12345678901\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "010", "-1", "+10", "ten", "1e1", "10 10"})
    void aWorkFactorThatIsNotAPlainDecimalIsMalformed(String logN) {
        damaged(header.replaceFirst(" 10\n", " " + logN + "\n"));
    }

    @Test
    void aFileForAnotherKindOfRecipientIsNotPassphraseProtected() {
        String x25519 = "-> X25519 " + Base64.getEncoder().withoutPadding().encodeToString(new byte[32]) + "\n"
                + Base64.getEncoder().withoutPadding().encodeToString(new byte[32]) + "\n";
        String stanza = stanza();
        UnsupportedAgeFileException e = openFails(UnsupportedAgeFileException.class,
                withHeader(cipher, header.replace(stanza, x25519)));
        assertTrue(e.getMessage().contains("not a passphrase-protected age file") && e.getMessage().contains("X25519"),
                e.getMessage());

        // The specification forbids mixing: a scrypt stanza must be alone.
        damaged(header.replace(stanza, stanza + x25519));
        damaged(header.replace(stanza, stanza + stanza));
        damaged(header.replace(stanza, ""));
    }

    @Test
    void otherVersionsAndArmoredFilesAreUnsupported() {
        openFails(UnsupportedAgeFileException.class, withHeader(cipher, header.replace("/v1\n", "/v2\n")));
        openFails(UnsupportedAgeFileException.class,
                "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n".getBytes(
                        StandardCharsets.US_ASCII));
    }

    @Test
    void malformedBase64AndLinesAreDamage() {
        String[] saltAndBody = saltAndBody();
        String salt = saltAndBody[0];
        String body = saltAndBody[1];
        damaged(header.replace(body, body + "="));
        damaged(header.replace(body, body.substring(0, 42)));
        damaged(header.replace(body, body.substring(0, 40)));
        damaged(header.replace(body, body + "AAAA"));
        damaged(header.replace(body, body.substring(0, 10) + "*" + body.substring(11)));
        damaged(header.replace(salt, salt + "=="));
        // Non-canonical base64 decodes to the same bytes, so only this check (not the MAC) can catch it.
        assertTrue(damaged(header.replace(salt, nonCanonical(salt))).getMessage().contains("not canonical"));
        assertTrue(damaged(header.replace(body, nonCanonical(body))).getMessage().contains("not canonical"));
        damaged(header.replace("\n", "\r\n"));
        damaged(header.replace("-> scrypt ", "-> scrypt  "));
        damaged(header.replace("-> scrypt ", "->scrypt "));
        damaged(header.replace("--- ", "---"));
        damaged(header.replace("--- ", "--- A"));
        damaged(header.replace(" 10\n", " 10 extra\n"));
        // The body must end with a line shorter than 64 columns: a 48-byte body fills one line and needs an empty one.
        String fullLine = Base64.getEncoder().withoutPadding().encodeToString(new byte[48]);
        damaged(header.replace(body + "\n", fullLine + "\n--- x\n"));
        damaged(header.replace(body + "\n", fullLine + "\n\n"));
    }

    @Test
    void theLimitOnTheWorkFactorIsItselfChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> AgeDecryptingInputStream.open(new ByteArrayInputStream(cipher), passphrase(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> AgeDecryptingInputStream.open(new ByteArrayInputStream(cipher), passphrase(), 31));
        assertEquals(20, AgeDecryptingInputStream.DEFAULT_MAX_LOG_N);
    }

    private static String stanza() {
        int start = header.indexOf("-> ");
        return header.substring(start, header.indexOf("--- "));
    }

    /** Replaces the first character with another of the base64 alphabet. */
    private static String swapFirstChar(String b64) {
        return (b64.charAt(0) == 'A' ? "B" : "A") + b64.substring(1);
    }

    /** Sets the unused low bits of the last character, which canonical base64 leaves zero. */
    private static String nonCanonical(String b64) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int last = alphabet.indexOf(b64.charAt(b64.length() - 1));
        assertTrue(b64.matches(B64 + "+") && b64.length() % 4 != 0);
        return b64.substring(0, b64.length() - 1) + alphabet.charAt(last | 1);
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T assertDoesNotThrowIo(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
