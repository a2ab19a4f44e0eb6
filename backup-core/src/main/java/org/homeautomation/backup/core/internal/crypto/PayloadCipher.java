package org.homeautomation.backup.core.internal.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the payload chunks of one age stream with ChaCha20-Poly1305 under the payload key. The chunk nonce is
 * the 11-byte big-endian chunk counter followed by 0x01 for the last chunk and 0x00 for the others. One instance per
 * stream; not thread-safe.
 */
final class PayloadCipher {
    private static final int NONCE_SIZE = 12;

    private final Cipher cipher;
    private final byte[] key;
    private final SecretKeySpec keySpec;
    private final byte[] nonce = new byte[NONCE_SIZE];

    /** @param payloadKey the 32-byte payload key; copied, so the caller may wipe its own */
    PayloadCipher(byte[] payloadKey) {
        this.key = payloadKey.clone();
        this.keySpec = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is required of every Java runtime since Java 11", e);
        }
    }

    /** Derives the payload key from the file key and the payload nonce, as the format says. */
    static PayloadCipher forFileKey(byte[] fileKey, byte[] payloadNonce) {
        byte[] payloadKey = Hkdf.deriveKey(fileKey, payloadNonce, AgeFormat.PAYLOAD_KEY_INFO);
        try {
            return new PayloadCipher(payloadKey);
        } finally {
            Arrays.fill(payloadKey, (byte) 0);
        }
    }

    /**
     * Encrypts {@code length} bytes of {@code plain} into {@code sealed} at 0.
     *
     * @return the sealed length, {@code length} + 16
     */
    int seal(long counter, boolean last, byte[] plain, int length, byte[] sealed) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, keySpec, nonce(counter, last));
            return cipher.doFinal(plain, 0, length, sealed, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to encrypt a chunk", e);
        }
    }

    /**
     * Authenticates and decrypts {@code length} bytes of {@code sealed} into {@code plain} at 0. Nothing is written to
     * {@code plain} that did not authenticate.
     *
     * @return the plaintext length, {@code length} - 16
     * @throws AEADBadTagException when the chunk is not what was sealed under this key, counter and last flag
     */
    int open(long counter, boolean last, byte[] sealed, int length, byte[] plain) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, keySpec, nonce(counter, last));
            return cipher.doFinal(sealed, 0, length, plain, 0);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to decrypt a chunk", e);
        }
    }

    /** Wipes this instance's copy of the key (the runtime's key object keeps its own until collected). */
    void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    private IvParameterSpec nonce(long counter, boolean last) {
        if (counter < 0) {
            throw new IllegalStateException("The chunk counter overflowed");
        }
        Arrays.fill(nonce, (byte) 0);
        for (int i = 0; i < Long.BYTES; i++) {
            nonce[NONCE_SIZE - 2 - i] = (byte) (counter >>> (8 * i));
        }
        nonce[NONCE_SIZE - 1] = (byte) (last ? 1 : 0);
        return new IvParameterSpec(nonce);
    }
}
