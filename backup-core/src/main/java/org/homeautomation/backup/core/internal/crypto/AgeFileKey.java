package org.homeautomation.backup.core.internal.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.security.auth.Destroyable;

/**
 * Everything needed to encrypt one file in the age v1 format under a passphrase, made once by {@link #generate}: a
 * random file key sealed in an scrypt stanza, the complete header with its MAC, and a random payload nonce. Each
 * {@link AgeEncryptingInputStream} made from the same instance yields the same bytes for the same plaintext, so a
 * source can be read again (a digest pass, a retried upload) and give byte-identical ciphertext.
 *
 * <p><b>One file, one plaintext.</b> Every stream of an instance uses the same payload key and chunk nonces, so two
 * streams over <em>different</em> plaintexts would reuse ChaCha20 keystream and expose both. Re-encrypt only the same
 * bytes; for anything else generate a new instance.
 *
 * <p>Holds no passphrase; only the payload key is secret, and {@link #destroy} wipes it. Thread-safe.
 */
public final class AgeFileKey implements Destroyable {
    /**
     * The scrypt work factor (log2 N) for new files: 2^16 takes 64 MiB of memory, small enough for a Raspberry Pi
     * class device, where it runs once for every backup and every restore. Bouncy Castle's scrypt takes about half a
     * second for it on one server core (about two seconds on its first call, before the JIT compiles it); several
     * times that on a Raspberry Pi. The age command uses 2^18 (256 MiB) when it encrypts and accepts up to 2^22 when
     * it decrypts, so its files and ours open both ways.
     */
    public static final int DEFAULT_LOG_N = 16;
    /** The lowest work factor {@link #generate} takes; tests use low ones, real files {@link #DEFAULT_LOG_N}. */
    public static final int MIN_LOG_N = 1;
    /**
     * The highest work factor {@link #generate} takes (1 GiB): the highest {@link AgeDecryptingInputStream} accepts by
     * default, so every file written here opens with the defaults (and with the age command, which takes up to 2^22).
     */
    public static final int MAX_LOG_N = AgeDecryptingInputStream.DEFAULT_MAX_LOG_N;

    private final int logN;
    private final byte[] header;
    private final byte[] payloadNonce;
    private final byte[] payloadKey;
    private volatile boolean destroyed;

    private AgeFileKey(int logN, byte[] header, byte[] payloadNonce, byte[] payloadKey) {
        this.logN = logN;
        this.header = header;
        this.payloadNonce = payloadNonce;
        this.payloadKey = payloadKey;
    }

    /**
     * Makes the key material for one new file. Runs scrypt once, so it takes as long and as much memory as the work
     * factor says ({@code 2^logN} KiB). The passphrase is not kept; the caller may wipe it when this returns.
     *
     * @param passphrase the passphrase, not empty
     * @param logN       the scrypt work factor's base-two logarithm, from {@link #MIN_LOG_N} to {@link #MAX_LOG_N};
     *                   normally {@link #DEFAULT_LOG_N}
     * @param random     the source of the file key, salt and nonce; a {@link SecureRandom} from the runtime
     * @throws IllegalArgumentException when the passphrase is empty or not valid Unicode, or logN is out of range
     */
    public static AgeFileKey generate(char[] passphrase, int logN, SecureRandom random) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(random, "random");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("The passphrase is empty; an empty passphrase protects nothing.");
        }
        if (logN < MIN_LOG_N || logN > MAX_LOG_N) {
            throw new IllegalArgumentException("The scrypt work factor 2^" + logN + " is out of range: use 2^"
                    + MIN_LOG_N + " to 2^" + MAX_LOG_N + " (normally 2^" + DEFAULT_LOG_N + ").");
        }
        byte[] fileKey = new byte[AgeFormat.FILE_KEY_SIZE];
        random.nextBytes(fileKey);
        try {
            byte[] header = AgeHeader.write(ScryptStanza.wrap(fileKey, passphrase, logN, random), fileKey);
            byte[] payloadNonce = new byte[AgeFormat.PAYLOAD_NONCE_SIZE];
            random.nextBytes(payloadNonce);
            byte[] payloadKey = Hkdf.deriveKey(fileKey, payloadNonce, AgeFormat.PAYLOAD_KEY_INFO);
            return new AgeFileKey(logN, header, payloadNonce, payloadKey);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    /**
     * @param plaintextSize the number of plaintext bytes, 0 or more
     * @return the exact number of bytes an {@link AgeEncryptingInputStream} yields for that many: the header, the
     *         16-byte nonce, the plaintext, and 16 bytes for each 64 KiB chunk (one chunk for an empty plaintext)
     */
    public long encryptedSize(long plaintextSize) {
        if (plaintextSize < 0) {
            throw new IllegalArgumentException("A plaintext size cannot be negative: " + plaintextSize);
        }
        long chunks = plaintextSize == 0 ? 1 : (plaintextSize - 1) / AgeFormat.CHUNK_SIZE + 1;
        return header.length + AgeFormat.PAYLOAD_NONCE_SIZE + plaintextSize + chunks * AgeFormat.TAG_SIZE;
    }

    /** @return the scrypt work factor's base-two logarithm written in the header */
    public int logN() {
        return logN;
    }

    /** Wipes the payload key. Streams already open keep working; opening new ones fails. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(payloadKey, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Shows the work factor and sizes only, never key material. */
    @Override
    public String toString() {
        return "AgeFileKey[scrypt, work factor 2^" + logN + ", header " + header.length + " bytes"
                + (destroyed ? ", destroyed" : "") + "]";
    }

    /** @return the bytes before the first chunk: the header and the payload nonce */
    byte[] prefix() {
        byte[] prefix = Arrays.copyOf(header, header.length + payloadNonce.length);
        System.arraycopy(payloadNonce, 0, prefix, header.length, payloadNonce.length);
        return prefix;
    }

    /** @return a cipher for one stream's chunks; each stream needs its own */
    PayloadCipher newPayloadCipher() {
        PayloadCipher cipher = new PayloadCipher(payloadKey);
        if (destroyed) {
            // Checked after the copy, so a destroy() racing with this never hands out a wiped key unnoticed.
            cipher.destroy();
            throw new IllegalStateException("This AgeFileKey was destroyed; generate a new one to encrypt.");
        }
        return cipher;
    }
}
