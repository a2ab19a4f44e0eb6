package org.homeautomation.backup.core.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts a plaintext stream as it is read: reading yields the age file, that is the header and payload nonce of the
 * {@link AgeFileKey}, then the plaintext sealed in 64 KiB chunks. Pull-based, so it can feed anything that reads an
 * {@link InputStream}. Memory is two chunk buffers whatever the size; the plaintext is read one chunk (and one byte,
 * to know whether a full chunk is the last) ahead of what is returned.
 *
 * <p>The output depends only on the key and the plaintext bytes, not on how the plaintext stream splits its reads.
 * Closing closes the plaintext stream; the {@link AgeFileKey} stays usable. Not thread-safe; reads may block on the
 * plaintext stream.
 */
public final class AgeEncryptingInputStream extends ChunkedInputStream {
    private final InputStream plaintext;
    private final PayloadCipher cipher;
    private final byte[] plain = new byte[AgeFormat.CHUNK_SIZE];
    private final byte[] sealed = new byte[AgeFormat.SEALED_CHUNK_SIZE];
    private long counter;
    /** A plaintext byte read ahead to learn that the chunk before it was not the last, or -1. */
    private int lookahead = -1;
    private boolean lastChunkSealed;

    /**
     * @param plaintext the bytes to encrypt, read to their end
     * @param key       the file's key material
     * @throws IllegalStateException when {@code key} was destroyed
     */
    public AgeEncryptingInputStream(InputStream plaintext, AgeFileKey key) {
        this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
        this.cipher = key.newPayloadCipher();
        // What is returned: the prefix first, then each sealed chunk.
        this.chunk = key.prefix();
        this.limit = chunk.length;
    }

    @Override
    void release() throws IOException {
        cipher.destroy();
        Arrays.fill(plain, (byte) 0);
        plaintext.close();
    }

    /** @return whether bytes are ready in the chunk; false at the end */
    @Override
    boolean fill() throws IOException {
        if (closed) {
            throw new IOException("The encrypting stream is closed.");
        }
        if (position < limit) {
            return true;
        }
        if (lastChunkSealed) {
            return false;
        }
        sealNextChunk();
        return true;
    }

    private void sealNextChunk() throws IOException {
        int length = 0;
        if (lookahead >= 0) {
            plain[length++] = (byte) lookahead;
            lookahead = -1;
        }
        boolean ended = false;
        while (length < plain.length) {
            int n = plaintext.read(plain, length, plain.length - length);
            if (n < 0) {
                ended = true;
                break;
            }
            length += n;
        }
        if (!ended) {
            // A full chunk is the last one only when nothing follows it.
            lookahead = plaintext.read();
            ended = lookahead < 0;
        }
        chunk = sealed;
        limit = cipher.seal(counter++, ended, plain, length, sealed);
        position = 0;
        lastChunkSealed = ended;
    }
}
