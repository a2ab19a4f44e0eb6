package org.homeautomation.backup.agent.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The length and SHA-256 digest of a stream, computed while reading it in chunks, so that archives of any size can be
 * compared without holding them in memory.
 *
 * @param size the number of bytes read
 * @param sha256 their SHA-256 digest, as 64 lower-case hex digits
 */
public record StreamSummary(long size, String sha256) {
    private static final int CHUNK = 64 * 1024;

    /**
     * Reads a stream to its end. The caller closes it.
     *
     * @param in the stream
     * @return its length and digest
     * @throws IOException when reading fails
     */
    public static StreamSummary of(InputStream in) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
            size += n;
        }
        return new StreamSummary(size, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime must provide SHA-256.
            throw new IllegalStateException("This Java runtime offers no SHA-256", e);
        }
    }
}
