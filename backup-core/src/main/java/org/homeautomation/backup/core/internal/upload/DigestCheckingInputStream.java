package org.homeautomation.backup.core.internal.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes an archive through while computing its SHA-256, and fails at the end of the stream when the size or digest
 * differ from the metadata: a corrupted copy is never taken for a good one.
 */
public final class DigestCheckingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private final String expectedSha256;
    private final long expectedSize;
    private final String description;
    private long count;
    private boolean checked;

    /**
     * @param in the archive
     * @param expectedSha256 the digest from the metadata
     * @param expectedSize the size from the metadata
     * @param description what is read, for the message: "backup X from agent Y"
     */
    public DigestCheckingInputStream(InputStream in, String expectedSha256, long expectedSize, String description) {
        super(in);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        this.expectedSha256 = expectedSha256;
        this.expectedSize = expectedSize;
        this.description = description;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            check();
        } else {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            check();
        } else {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be digested.
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: the digest cannot go back
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (count != expectedSize) {
            throw new IOException("The copy of " + description + " is damaged: it has " + count
                    + " bytes, the metadata says " + expectedSize + ". Download it from another agent.");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new IOException("The copy of " + description + " is damaged: its SHA-256 is " + actual
                    + ", the metadata says " + expectedSha256 + ". Download it from another agent.");
        }
    }
}
