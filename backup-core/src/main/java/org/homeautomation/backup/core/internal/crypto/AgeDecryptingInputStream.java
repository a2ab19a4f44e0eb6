package org.homeautomation.backup.core.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;

/**
 * Decrypts an age v1 file protected by a passphrase as it is read. {@link #open} reads and checks the whole header
 * before it returns: a wrong passphrase, a damaged header, an unsupported file or a too-high work factor fail there,
 * before any plaintext. Each 64 KiB chunk is then authenticated before any byte of it is returned, and the end of the
 * stream is reported only after a valid last chunk and nothing after it: truncation, extension, reordering and
 * alteration all end in a {@link DamagedCiphertextException}, after which every read fails again.
 *
 * <p>Memory is two chunk buffers whatever the size. Closing closes the ciphertext stream. Not thread-safe; reads may
 * block on the ciphertext stream.
 */
public final class AgeDecryptingInputStream extends ChunkedInputStream {
    /**
     * The highest scrypt work factor {@link #open(InputStream, char[])} accepts: 2^20 needs 1 GiB of memory. Above it
     * an untrusted file could exhaust the memory of a small device before its passphrase is even checked. Files this
     * application writes use {@link AgeFileKey#DEFAULT_LOG_N}; the age command writes 2^18.
     */
    public static final int DEFAULT_MAX_LOG_N = 20;

    private final InputStream ciphertext;
    private final PayloadCipher cipher;
    private final byte[] sealed = new byte[AgeFormat.SEALED_CHUNK_SIZE];
    private final byte[] plain = new byte[AgeFormat.CHUNK_SIZE];
    private long counter;
    /** A ciphertext byte read ahead to learn that the chunk before it is not the last, or -1. */
    private int lookahead = -1;
    private boolean lastChunkOpened;
    private String failure;

    private AgeDecryptingInputStream(InputStream ciphertext, PayloadCipher cipher) {
        this.ciphertext = ciphertext;
        this.cipher = cipher;
        this.chunk = plain;
    }

    /**
     * Opens with the default work factor limit, {@link #DEFAULT_MAX_LOG_N}.
     *
     * @see #open(InputStream, char[], int)
     */
    public static AgeDecryptingInputStream open(InputStream ciphertext, char[] passphrase) throws IOException {
        return open(ciphertext, passphrase, DEFAULT_MAX_LOG_N);
    }

    /**
     * Reads the header and the payload nonce from {@code ciphertext} and checks them. Runs scrypt once, so it blocks
     * for as long as the file's work factor says. The header is read a byte at a time, never past its end, so the
     * stream needs no buffering of its own. Does not close {@code ciphertext} when it throws. The passphrase is not
     * kept; the caller may wipe it when this returns.
     *
     * @param ciphertext the age file, read from its start
     * @param passphrase the passphrase it was encrypted with
     * @param maxLogN    the highest scrypt work factor (log2 N) accepted, 1 to 30; {@link #DEFAULT_MAX_LOG_N}
     *                   for untrusted input
     * @throws WrongPassphraseException     when the passphrase does not open the file key
     * @throws DamagedCiphertextException   when the input is not an age file, its header is malformed or fails its
     *                                      MAC, or it ends before the payload
     * @throws UnsupportedAgeFileException  when it is encrypted to other recipients than a passphrase, of another
     *                                      age version, armored, or has a work factor above {@code maxLogN}
     * @throws IOException                  when reading {@code ciphertext} fails
     * @throws IllegalArgumentException     when {@code maxLogN} is out of range, or the passphrase holds an unpaired
     *                                      surrogate (it has no UTF-8 form)
     */
    public static AgeDecryptingInputStream open(InputStream ciphertext, char[] passphrase, int maxLogN)
            throws IOException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(passphrase, "passphrase");
        if (maxLogN < 1 || maxLogN > 30) {
            throw new IllegalArgumentException(
                    "The work factor limit 2^" + maxLogN + " is out of range (2^1 to 2^30).");
        }
        AgeHeader header = AgeHeader.read(ciphertext, maxLogN);
        byte[] fileKey = header.stanza().unwrap(passphrase);
        try {
            header.verifyMac(fileKey);
            byte[] nonce = ciphertext.readNBytes(AgeFormat.PAYLOAD_NONCE_SIZE);
            if (nonce.length < AgeFormat.PAYLOAD_NONCE_SIZE) {
                throw DamagedCiphertextException.damagedPayload(
                        "it is truncated, ending inside the payload nonce after its header", null);
            }
            return new AgeDecryptingInputStream(ciphertext, PayloadCipher.forFileKey(fileKey, nonce));
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    @Override
    void release() throws IOException {
        cipher.destroy();
        Arrays.fill(plain, (byte) 0);
        ciphertext.close();
    }

    /** @return whether plaintext is ready in {@link #plain}; false only after a valid last chunk */
    @Override
    boolean fill() throws IOException {
        if (closed) {
            throw new IOException("The decrypting stream is closed.");
        }
        if (failure != null) {
            throw new DamagedCiphertextException(failure);
        }
        // A loop, though only the empty plaintext's single chunk opens to nothing.
        while (position == limit) {
            if (lastChunkOpened) {
                return false;
            }
            try {
                openNextChunk();
            } catch (DamagedCiphertextException e) {
                failure = e.getMessage();
                throw e;
            }
        }
        return true;
    }

    private void openNextChunk() throws IOException {
        int length = 0;
        if (lookahead >= 0) {
            sealed[length++] = (byte) lookahead;
            lookahead = -1;
        }
        length += ciphertext.readNBytes(sealed, length, sealed.length - length);
        boolean last = length < sealed.length;
        if (!last) {
            // A full chunk is the last one only when nothing follows it.
            lookahead = ciphertext.read();
            last = lookahead < 0;
        }
        if (length == 0) {
            throw DamagedCiphertextException.damagedPayload(counter == 0
                    ? "it is truncated, ending right after its header"
                    : "it is truncated, ending after chunk " + (counter - 1) + ", which is not marked as the last",
                    null);
        }
        if (length < AgeFormat.TAG_SIZE) {
            throw DamagedCiphertextException.damagedPayload("it is truncated: its chunk " + counter + " has only "
                    + length + " bytes, fewer than an authentication tag", null);
        }
        if (length == AgeFormat.TAG_SIZE && counter > 0) {
            throw DamagedCiphertextException.damagedPayload("its chunk " + counter
                    + " is an empty last chunk, which the age format forbids after other chunks", null);
        }
        try {
            limit = cipher.open(counter, last, sealed, length, plain);
        } catch (AEADBadTagException e) {
            throw DamagedCiphertextException.damagedPayload(last
                    ? "its last chunk (" + counter + ") does not authenticate: the file is truncated, extended or"
                            + " altered"
                    : "its chunk " + counter + " does not authenticate: the file is altered, or has data after"
                            + " its end", e);
        }
        position = 0;
        counter++;
        lastChunkOpened = last;
    }
}
