package org.homeautomation.backup.core.internal.crypto;

import static org.homeautomation.backup.core.internal.crypto.AgeTestData.CHUNK;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.SEALED_CHUNK;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.encrypt;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.newKey;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.passphrase;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.payloadStart;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.random;
import static org.homeautomation.backup.core.internal.crypto.AgeTestData.readUntilFailure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damage to the payload is found chunk by chunk: what is returned before the failure is exactly the chunks that
 * authenticated, and the end is reported only after a valid last chunk with nothing after it.
 */
class AgePayloadAuthenticationTest {
    /** Three full chunks and a short last one. */
    private static final int SIZE = 3 * CHUNK + 1000;
    private static AgeFileKey key;
    private static byte[] plain;
    private static byte[] cipher;
    private static int start;

    @BeforeAll
    static void encryptOnce() throws IOException {
        key = newKey();
        plain = random(SIZE, 21);
        cipher = encrypt(plain, key);
        start = payloadStart(key);
    }

    /** Opens {@code input} (which must open) and reads it until its end or a failure. */
    private static AgeTestData.ReadOutcome read(byte[] input) throws IOException {
        return readUntilFailure(AgeDecryptingInputStream.open(new ByteArrayInputStream(input), passphrase()));
    }

    /** Asserts that reading fails with damage after returning exactly the first {@code chunks} chunks. */
    private static DamagedCiphertextException failsAfterChunks(byte[] input, int chunks) throws IOException {
        AgeTestData.ReadOutcome outcome = read(input);
        assertInstanceOf(DamagedCiphertextException.class, outcome.failure(), "the reading must fail");
        assertArrayEquals(Arrays.copyOf(plain, chunks * CHUNK), outcome.returned(),
                "only whole, authenticated chunks are returned");
        return (DamagedCiphertextException) outcome.failure();
    }

    @Test
    void theIntactFileReadsToItsEnd() throws IOException {
        AgeTestData.ReadOutcome outcome = read(cipher);
        assertNull(outcome.failure());
        assertArrayEquals(plain, outcome.returned());
    }

    @Test
    void truncationAnywhereInThePayloadIsDamage() throws IOException {
        failsAfterChunks(Arrays.copyOf(cipher, start), 0);
        failsAfterChunks(Arrays.copyOf(cipher, start + 5), 0);
        failsAfterChunks(Arrays.copyOf(cipher, start + 1000), 0);
        failsAfterChunks(Arrays.copyOf(cipher, start + SEALED_CHUNK - 1), 0);
        failsAfterChunks(Arrays.copyOf(cipher, start + SEALED_CHUNK + 7), 1);
        failsAfterChunks(Arrays.copyOf(cipher, cipher.length - 1), 3);
        failsAfterChunks(Arrays.copyOf(cipher, cipher.length - 16), 3);
        failsAfterChunks(Arrays.copyOf(cipher, cipher.length - 17), 3);
    }

    @Test
    void truncationExactlyAtAChunkBoundaryIsDamage() throws IOException {
        // The chunk before the cut was sealed as "not last", so it cannot pass for the last one.
        DamagedCiphertextException e = failsAfterChunks(Arrays.copyOf(cipher, start + SEALED_CHUNK), 0);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        failsAfterChunks(Arrays.copyOf(cipher, start + 2 * SEALED_CHUNK), 1);
        failsAfterChunks(Arrays.copyOf(cipher, start + 3 * SEALED_CHUNK), 2);
    }

    @Test
    void aFlippedBitInTheFirstChunkFailsBeforeAnyByteIsReturned() throws IOException {
        for (int offset : new int[] {start, start + 1234, start + CHUNK - 1, start + CHUNK, start + SEALED_CHUNK - 1}) {
            byte[] damaged = cipher.clone();
            damaged[offset] ^= 0x40;
            try (InputStream in = AgeDecryptingInputStream.open(new ByteArrayInputStream(damaged), passphrase())) {
                DamagedCiphertextException e = assertThrows(DamagedCiphertextException.class, in::read);
                assertInstanceOf(AEADBadTagException.class, e.getCause());
                assertThrows(DamagedCiphertextException.class, in::read, "a failed stream stays failed");
            }
        }
    }

    @Test
    void aFlippedBitInTheLastChunkFailsAfterTheChunksBeforeIt() throws IOException {
        for (int offset : new int[] {start + 3 * SEALED_CHUNK, cipher.length - 17, cipher.length - 1}) {
            byte[] damaged = cipher.clone();
            damaged[offset] ^= 0x01;
            failsAfterChunks(damaged, 3);
        }
    }

    @Test
    void aFlippedBitInThePayloadNonceOrAMiddleChunkIsDamage() throws IOException {
        byte[] damaged = cipher.clone();
        damaged[start - 1] ^= 0x01;
        failsAfterChunks(damaged, 0);

        damaged = cipher.clone();
        damaged[start + SEALED_CHUNK + 99] ^= (byte) 0x80;
        failsAfterChunks(damaged, 1);
    }

    @Test
    void reorderedChunksAreDamage() throws IOException {
        byte[] swapped = cipher.clone();
        System.arraycopy(cipher, start + SEALED_CHUNK, swapped, start, SEALED_CHUNK);
        System.arraycopy(cipher, start, swapped, start + SEALED_CHUNK, SEALED_CHUNK);
        failsAfterChunks(swapped, 0);
    }

    @Test
    void bytesAfterTheLastChunkAreDamage() throws IOException {
        failsAfterChunks(concat(cipher, new byte[1]), 3);
        failsAfterChunks(concat(cipher, Arrays.copyOfRange(cipher, start, start + SEALED_CHUNK)), 3);

        // A full-size last chunk followed by more data: it was sealed as last, so it fails as a middle chunk.
        byte[] full = random(CHUNK, 22);
        byte[] fullFile = encrypt(full, key);
        assertEquals(start + SEALED_CHUNK, fullFile.length);
        assertArrayEquals(full, AgeTestData.decrypt(fullFile, passphrase()));
        for (int extra : new int[] {1, 16, 17, SEALED_CHUNK}) {
            AgeTestData.ReadOutcome outcome = read(concat(fullFile, new byte[extra]));
            assertInstanceOf(DamagedCiphertextException.class, outcome.failure(), extra + " extra bytes");
            assertEquals(0, outcome.returned().length);
        }
    }

    @Test
    void anEmptyLastChunkAfterAFullOneIsRefused() throws IOException {
        // Built with the payload cipher itself: a valid full chunk marked "not last", then an empty chunk marked
        // "last". The format forbids it (the last chunk is empty only when the whole plaintext is).
        byte[] data = random(CHUNK, 23);
        PayloadCipher sealer = key.newPayloadCipher();
        byte[] first = new byte[SEALED_CHUNK];
        sealer.seal(0, false, data, CHUNK, first);
        byte[] empty = new byte[16];
        sealer.seal(1, true, new byte[0], 0, empty);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(key.prefix());
        file.write(first);
        file.write(empty);

        AgeTestData.ReadOutcome outcome = read(file.toByteArray());
        assertInstanceOf(DamagedCiphertextException.class, outcome.failure());
        assertTrue(outcome.failure().getMessage().contains("empty last chunk"), outcome.failure().getMessage());
    }

    @Test
    void anEmptyPlaintextIsOneAuthenticatedChunk() throws IOException {
        byte[] empty = encrypt(new byte[0], key);
        assertEquals(0, AgeTestData.decrypt(empty, passphrase()).length);

        byte[] damaged = empty.clone();
        damaged[damaged.length - 3] ^= 0x10;
        assertInstanceOf(DamagedCiphertextException.class, read(damaged).failure());
        assertInstanceOf(DamagedCiphertextException.class, read(Arrays.copyOf(empty, empty.length - 1)).failure());
        assertInstanceOf(DamagedCiphertextException.class, read(concat(empty, new byte[1])).failure());
    }

    @Test
    void errorsOfTheUnderlyingStreamPassThroughUnchanged() throws IOException {
        IOException disk = new IOException("disk read error");
        InputStream failing = new InputStream() {
            private final InputStream bytes = new ByteArrayInputStream(Arrays.copyOf(cipher, start + 100));

            @Override
            public int read() throws IOException {
                int b = bytes.read();
                if (b < 0) {
                    throw disk;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = bytes.read(b, off, len);
                if (n < 0) {
                    throw disk;
                }
                return n;
            }
        };
        InputStream in = AgeDecryptingInputStream.open(failing, passphrase());
        assertEquals(disk, assertThrows(IOException.class, in::read));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
