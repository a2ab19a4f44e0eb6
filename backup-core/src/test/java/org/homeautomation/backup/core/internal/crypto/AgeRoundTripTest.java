package org.homeautomation.backup.core.internal.crypto;

import static org.homeautomation.backup.core.internal.crypto.AgeTestData.CHUNK;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.SEALED_CHUNK;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.decrypt;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.encrypt;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.headerText;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.newKey;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.passphrase;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.payloadStart;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgeRoundTripTest {
    private static final int MULTI_MIB = 3 * 1024 * 1024 + 12_345;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, MULTI_MIB})
    void bulkReadsGiveBackThePlaintextAndTheExactPredictedSize(int size) throws Exception {
        AgeFileKey key = newKey();
        byte[] plain = random(size, size);
        byte[] cipher = encrypt(plain, key);

        assertEquals(key.encryptedSize(size), cipher.length);
        int chunks = size == 0 ? 1 : (size + CHUNK - 1) / CHUNK;
        assertEquals(payloadStart(key) + (long) size + 16L * chunks, cipher.length);
        assertArrayEquals(plain, decrypt(cipher, passphrase()));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK, CHUNK + 1, 2 * CHUNK + 7})
    void singleByteReadsGiveTheSameBytesAsBulkReads(int size) throws Exception {
        AgeFileKey key = newKey();
        byte[] plain = random(size, 7);
        byte[] cipher = encrypt(plain, key);

        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (InputStream in = new AgeEncryptingInputStream(new ByteArrayInputStream(plain), key)) {
            for (int b; (b = in.read()) >= 0; ) {
                encrypted.write(b);
            }
        }
        assertArrayEquals(cipher, encrypted.toByteArray());

        ByteArrayOutputStream decrypted = new ByteArrayOutputStream();
        try (InputStream in = AgeDecryptingInputStream.open(new ByteArrayInputStream(cipher), passphrase())) {
            for (int b; (b = in.read()) >= 0; ) {
                decrypted.write(b);
            }
            assertEquals(-1, in.read(), "the end stays the end");
        }
        assertArrayEquals(plain, decrypted.toByteArray());
    }

    @Test
    void theSameKeyAndPlaintextGiveByteIdenticalCiphertextHoweverTheSourceSplitsItsReads() throws Exception {
        AgeFileKey key = newKey();
        byte[] plain = random(3 * CHUNK + 100, 3);
        byte[] first = encrypt(plain, key);

        byte[] second;
        try (InputStream in = new AgeEncryptingInputStream(new TricklingStream(plain), key)) {
            second = in.readAllBytes();
        }
        assertArrayEquals(first, second);
        assertArrayEquals(first, encrypt(plain, key), "a third pass, as a retried upload makes");
    }

    @Test
    void differentKeysGiveDifferentHeadersNoncesAndPayloads() throws Exception {
        byte[] plain = random(CHUNK + 10, 4);
        AgeFileKey a = newKey();
        AgeFileKey b = newKey();
        byte[] cipherA = encrypt(plain, a);
        byte[] cipherB = encrypt(plain, b);

        assertEquals(cipherA.length, cipherB.length);
        assertFalse(headerText(cipherA).equals(headerText(cipherB)), "salt, body and MAC differ");
        int start = payloadStart(a);
        assertFalse(Arrays.equals(cipherA, start - 16, start, cipherB, start - 16, start), "payload nonces differ");
        assertFalse(Arrays.equals(cipherA, start, start + 64, cipherB, start, start + 64), "payloads differ");
        assertArrayEquals(plain, decrypt(cipherA, passphrase()));
        assertArrayEquals(plain, decrypt(cipherB, passphrase()));
    }

    @Test
    void theHeaderIsTheAgeV1HeaderWithOneScryptStanza() throws Exception {
        AgeFileKey key = newKey();
        String header = headerText(encrypt(new byte[1], key));

        assertTrue(header.matches("age-encryption\\.org/v1\n-> scrypt [A-Za-z0-9+/]{22} 10\n[A-Za-z0-9+/]{43}\n"
                + "--- [A-Za-z0-9+/]{43}\n"), header);
        assertEquals(header.length() + 16, payloadStart(key));
    }

    @Test
    void theDefaultWorkFactorIs16AndRoundTrips() throws Exception {
        AgeFileKey key = AgeFileKey.generate(passphrase(), AgeFileKey.DEFAULT_LOG_N, new SecureRandom());
        byte[] plain = random(1000, 5);
        byte[] cipher = encrypt(plain, key);

        assertEquals(16, key.logN());
        assertTrue(headerText(cipher).contains(" 16\n"), headerText(cipher));
        assertArrayEquals(plain, decrypt(cipher, passphrase()));
    }

    @Test
    void aFullLastChunkIsMarkedLastAndNoEmptyChunkFollowsIt() throws Exception {
        AgeFileKey key = newKey();
        byte[] cipher = encrypt(random(2 * CHUNK, 6), key);

        assertEquals(payloadStart(key) + 2L * SEALED_CHUNK, cipher.length);
        assertEquals(key.encryptedSize(2 * CHUNK), cipher.length);
    }

    @Test
    void encryptedSizeCountsOneTagPerChunkAndOneChunkForNothing() {
        AgeFileKey key = newKey();
        long prefix = payloadStart(key);

        assertEquals(prefix + 16, key.encryptedSize(0));
        assertEquals(prefix + 1 + 16, key.encryptedSize(1));
        assertEquals(prefix + CHUNK + 16, key.encryptedSize(CHUNK));
        assertEquals(prefix + CHUNK + 1 + 32, key.encryptedSize(CHUNK + 1));
        long tenGiB = 10L * 1024 * 1024 * 1024;
        assertEquals(prefix + tenGiB + 16 * (tenGiB / CHUNK), key.encryptedSize(tenGiB));
        assertThrows(IllegalArgumentException.class, () -> key.encryptedSize(-1));
    }

    @Test
    void aDestroyedKeyOpensNoNewStreamButOpenStreamsFinish() throws Exception {
        AgeFileKey key = newKey();
        byte[] plain = random(2 * CHUNK + 5, 8);
        byte[] expected = encrypt(plain, key);
        InputStream open = new AgeEncryptingInputStream(new ByteArrayInputStream(plain), key);

        key.destroy();

        assertTrue(key.isDestroyed());
        assertTrue(key.toString().contains("destroyed"), key.toString());
        assertThrows(IllegalStateException.class,
                () -> new AgeEncryptingInputStream(new ByteArrayInputStream(plain), key));
        assertArrayEquals(expected, open.readAllBytes());
    }

    @Test
    void closingEitherStreamClosesItsSourceAndLaterReadsFail() throws Exception {
        AgeFileKey key = newKey();
        byte[] cipher = encrypt(random(100, 9), key);
        CloseRecorder plainSource = new CloseRecorder(new byte[100]);
        CloseRecorder cipherSource = new CloseRecorder(cipher);

        InputStream encrypting = new AgeEncryptingInputStream(plainSource, key);
        InputStream decrypting = AgeDecryptingInputStream.open(cipherSource, passphrase());
        encrypting.close();
        decrypting.close();

        assertTrue(plainSource.closed && cipherSource.closed);
        assertThrows(IOException.class, encrypting::read);
        assertThrows(IOException.class, decrypting::read);
    }

    @Test
    void generateRefusesAnEmptyPassphraseAndWorkFactorsOutOfRange() {
        SecureRandom random = new SecureRandom();
        assertThrows(IllegalArgumentException.class, () -> AgeFileKey.generate(new char[0], 10, random));
        assertThrows(IllegalArgumentException.class, () -> AgeFileKey.generate(passphrase(), 0, random));
        assertThrows(IllegalArgumentException.class, () -> AgeFileKey.generate(passphrase(), 21, random));
        assertThrows(IllegalArgumentException.class,
                () -> AgeFileKey.generate(new char[] {'a', '\uD800', 'b'}, 10, random), "an unpaired surrogate");
    }

    /** Hands out one to seven bytes a read, as a slow network stream might. */
    private static final class TricklingStream extends FilterInputStream {
        private int call;

        TricklingStream(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + call++ % 7));
        }
    }

    private static final class CloseRecorder extends ByteArrayInputStream {
        boolean closed;

        CloseRecorder(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
