package org.homeautomation.backup.core.internal.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes an archive through while computing its SHA-256, and fails at the end of the stream when the size or digest
 * differ from the metadata: a corrupted copy is never taken for a good one. An archive longer than its metadata says
 * fails as soon as the first byte beyond the declared size arrives, and that byte is never passed on: a file grown to
 * many gigabytes cannot fill the disk it is copied to.
 */
public final class DigestCheckingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private final String expectedSha256;
    private final long expectedSize;
    private final String description;
    private long count;
    private boolean checked;
    private DamagedArchiveException failure;

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
        if (count >= expectedSize) {
            return atDeclaredEnd();
        }
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
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (count >= expectedSize) {
            return atDeclaredEnd();
        }
        // Never asks for more than the declared size: what lies beyond it is not passed on.
        int n = in.read(b, off, (int) Math.min(len, expectedSize - count));
        if (n < 0) {
            check();
        } else {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** @return -1 when the archive ends at its declared size, as it must */
    private int atDeclaredEnd() throws IOException {
        if (!checked && in.read() >= 0) {
            checked = true;
            failure = new DamagedArchiveException(description, "it is longer than the " + expectedSize
                    + " bytes its metadata declares; reading stopped there");
        }
        check();
        return -1;
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

    /** Checks size and digest once the archive has ended; a damaged archive fails every read from then on. */
    private void check() throws DamagedArchiveException {
        if (!checked) {
            checked = true;
            String actual = HexFormat.of().formatHex(digest.digest());
            if (count != expectedSize) {
                failure = new DamagedArchiveException(description, "it has " + count + " bytes, the metadata says "
                        + expectedSize);
            } else if (!actual.equals(expectedSha256)) {
                failure = new DamagedArchiveException(description, "its SHA-256 is " + actual
                        + ", the metadata says " + expectedSha256);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
