package org.homeautomation.backup.core.internal.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

/** Shared inputs and one-call encryption and decryption for the age tests. */
final class AgeTestData {
    static final String PASSPHRASE_TEXT = "correct horse battery staple";
    /** A low work factor keeps the tests fast; files made for people use {@link AgeFileKey#DEFAULT_LOG_N}. */
    static final int TEST_LOG_N = 10;
    static final int CHUNK = 64 * 1024;
    static final int SEALED_CHUNK = CHUNK + 16;

    private AgeTestData() {
    }

    static char[] passphrase() {
        return PASSPHRASE_TEXT.toCharArray();
    }

    static AgeFileKey newKey() {
        return AgeFileKey.generate(passphrase(), TEST_LOG_N, new SecureRandom());
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] encrypt(byte[] plaintext, AgeFileKey key) throws IOException {
        try (InputStream in = new AgeEncryptingInputStream(new ByteArrayInputStream(plaintext), key)) {
            return in.readAllBytes();
        }
    }

    static byte[] decrypt(byte[] ciphertext, char[] passphrase) throws IOException {
        try (InputStream in = AgeDecryptingInputStream.open(new ByteArrayInputStream(ciphertext), passphrase)) {
            return in.readAllBytes();
        }
    }

    /** @return the length of the header and payload nonce, where the first chunk starts */
    static int payloadStart(AgeFileKey key) {
        return key.prefix().length;
    }

    /** @return the header's text, up to and including the MAC line's LF */
    static String headerText(byte[] ciphertext) {
        String text = new String(ciphertext, StandardCharsets.ISO_8859_1);
        int mac = text.indexOf("\n--- ");
        return text.substring(0, text.indexOf('\n', mac + 1) + 1);
    }

    /** @return {@code ciphertext} with its header replaced by {@code header} (ISO-8859-1 text) */
    static byte[] withHeader(byte[] ciphertext, String header) {
        int oldLength = headerText(ciphertext).length();
        byte[] newHeader = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] result = Arrays.copyOf(newHeader, newHeader.length + ciphertext.length - oldLength);
        System.arraycopy(ciphertext, oldLength, result, newHeader.length, ciphertext.length - oldLength);
        return result;
    }

    /** Reads until the end or a failure, keeping what was returned before the failure. */
    static ReadOutcome readUntilFailure(InputStream in) {
        ByteArrayOutputStream returned = new ByteArrayOutputStream();
        byte[] buffer = new byte[10_000];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                returned.write(buffer, 0, n);
            }
            return new ReadOutcome(returned.toByteArray(), null);
        } catch (IOException e) {
            return new ReadOutcome(returned.toByteArray(), e);
        }
    }

    /** What a stream returned, and the failure that stopped it (null when it reached its end). */
    record ReadOutcome(byte[] returned, IOException failure) {
    }
}
