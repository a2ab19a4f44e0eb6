package org.homeautomation.backup.agent.restic.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that encrypt and authenticate everything in a restic repository: AES-256 in counter mode and a
 * Poly1305-AES MAC over the ciphertext, stored as {@code IV || CIPHERTEXT || MAC} (restic's design document,
 * "Keys, Encryption and MAC"). The same shape, derived from a password, opens the key files.
 *
 * <p>Immutable and thread-safe: every call makes its own cipher and MAC.
 */
final class MasterKey {
    static final int IV_SIZE = 16;
    static final int MAC_SIZE = 16;
    /** The bytes that sealing adds to a plaintext. */
    static final int OVERHEAD = IV_SIZE + MAC_SIZE;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CTR_SLICE = 16 * 1024;

    private final byte[] encryption;
    /** The AES-128 key that encrypts the nonce, restic's {@code k}. */
    private final byte[] macK;
    /** The Poly1305 key, restic's {@code r}, masked as Poly1305 requires. */
    private final byte[] macR;

    MasterKey(byte[] encryption, byte[] macK, byte[] macR) {
        if (encryption.length != 32 || macK.length != 16 || macR.length != 16) {
            throw new IllegalArgumentException("A restic key has 32 bytes of encryption key and 16 + 16 of MAC key");
        }
        this.encryption = encryption.clone();
        this.macK = macK.clone();
        this.macR = masked(macR);
    }

    /** A new random key, for a new repository. */
    static MasterKey random() {
        byte[] bytes = new byte[64];
        RANDOM.nextBytes(bytes);
        return fromDerivedBytes(bytes);
    }

    /**
     * The key that scrypt derives from a password: 32 bytes of encryption key, then the MAC key as {@code k} followed by
     * {@code r}.
     */
    static MasterKey fromDerivedBytes(byte[] derived) {
        return new MasterKey(Arrays.copyOfRange(derived, 0, 32), Arrays.copyOfRange(derived, 32, 48),
                Arrays.copyOfRange(derived, 48, 64));
    }

    byte[] encryptionKey() {
        return encryption.clone();
    }

    byte[] macK() {
        return macK.clone();
    }

    byte[] macR() {
        return macR.clone();
    }

    /** Encrypts and authenticates {@code plain} under a fresh random IV. */
    byte[] seal(byte[] plain) {
        return seal(plain, 0, plain.length);
    }

    byte[] seal(byte[] plain, int offset, int length) {
        byte[] iv = new byte[IV_SIZE];
        RANDOM.nextBytes(iv);
        byte[] out = new byte[length + OVERHEAD];
        System.arraycopy(iv, 0, out, 0, IV_SIZE);
        try {
            int written = ctrInSlices(ctr(Cipher.ENCRYPT_MODE, iv), plain, offset, length, out, IV_SIZE);
            if (written != length) {
                throw new IllegalStateException("AES-CTR wrote " + written + " bytes of " + length);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CTR is not available in this Java runtime", e);
        }
        mac(iv, out, IV_SIZE, length, out, IV_SIZE + length);
        return out;
    }

    /**
     * Checks the MAC of a sealed buffer and decrypts it.
     *
     * @throws WrongKeyException when the MAC does not match: the wrong key, or damaged bytes
     */
    byte[] open(byte[] sealed) throws WrongKeyException {
        return open(sealed, 0, sealed.length);
    }

    byte[] open(byte[] sealed, int offset, int length) throws WrongKeyException {
        if (length < OVERHEAD) {
            throw new WrongKeyException("the encrypted data is shorter (" + length + " bytes) than its IV and MAC");
        }
        int cipherLength = length - OVERHEAD;
        byte[] iv = Arrays.copyOfRange(sealed, offset, offset + IV_SIZE);
        byte[] expected = new byte[MAC_SIZE];
        mac(iv, sealed, offset + IV_SIZE, cipherLength, expected, 0);
        byte[] actual = Arrays.copyOfRange(sealed, offset + IV_SIZE + cipherLength, offset + length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new WrongKeyException("the MAC does not match (wrong key or damaged data)");
        }
        try {
            byte[] plain = new byte[cipherLength];
            ctrInSlices(ctr(Cipher.DECRYPT_MODE, iv), sealed, offset + IV_SIZE, cipherLength, plain, 0);
            return plain;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CTR is not available in this Java runtime", e);
        }
    }

    private Cipher ctr(int mode, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(mode, new SecretKeySpec(encryption, "AES"), new IvParameterSpec(iv));
        return cipher;
    }

    /** Poly1305-AES: the Poly1305 tag with the key {@code r} and {@code s = AES-128(k, nonce)}. */
    private void mac(byte[] nonce, byte[] data, int offset, int length, byte[] out, int outOffset) {
        byte[] s;
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(macK, "AES"));
            s = aes.doFinal(nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available in this Java runtime", e);
        }
        Poly1305.tag(macR, s, data, offset, length, out, outOffset);
    }

    /**
     * Runs AES-CTR over the bytes in slices: the JIT compiles the runtime's AES-CTR intrinsic only for a method
     * called often, and a few thousand calls over whole blobs left it in slow Java code for a whole upload.
     */
    private static int ctrInSlices(Cipher cipher, byte[] in, int offset, int length, byte[] out, int outOffset)
            throws GeneralSecurityException {
        int written = 0;
        for (int done = 0; done < length; done += CTR_SLICE) {
            written += cipher.update(in, offset + done, Math.min(CTR_SLICE, length - done), out, outOffset + done);
        }
        return written + cipher.doFinal(out, outOffset + written);
    }

    /** Clears the bits that Poly1305 requires to be zero in {@code r} (Bernstein's paper, section 2). */
    private static byte[] masked(byte[] r) {
        byte[] m = r.clone();
        m[3] &= 15;
        m[7] &= 15;
        m[11] &= 15;
        m[15] &= 15;
        m[4] &= (byte) 252;
        m[8] &= (byte) 252;
        m[12] &= (byte) 252;
        return m;
    }

    /** The MAC of sealed data did not match: the key is not this data's, or the data was changed. */
    static final class WrongKeyException extends Exception {
        private static final long serialVersionUID = 1L;

        WrongKeyException(String message) {
            super(message);
        }
    }
}
