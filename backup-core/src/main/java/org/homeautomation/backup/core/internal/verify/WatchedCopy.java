package org.homeautomation.backup.core.internal.verify;

import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.ProxyInputStream;
import org.homeautomation.backup.api.UploadProgress;

/**
 * The copy's stream as the agent (through the manager's digest check) gives it: counts the bytes read, reports them,
 * and remembers the first failure of the stream itself, so that the verification can tell a copy that cannot be read
 * or fails its digest from a content that is damaged inside a readable copy.
 */
final class WatchedCopy extends ProxyInputStream {
    private final UploadProgress progress;
    private long count;
    private IOException failure;

    /**
     * @param in the copy, checked against its size and digest at its end
     * @param progress receives the number of bytes read so far
     */
    WatchedCopy(InputStream in, UploadProgress progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    protected void afterRead(int n) {
        if (n > 0) {
            count += n;
            progress.bytesUploaded(count);
        }
    }

    @Override
    protected void handleIOException(IOException e) throws IOException {
        if (failure == null) {
            failure = e;
        }
        throw e;
    }

    @Override
    public long skip(long n) throws IOException {
        // Read, not skipped: the count must see every byte (the digest beneath reads skipped bytes anyway).
        return IOUtils.skip(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what is left, so that the digest check at the end runs; a failure is remembered, not thrown. */
    void readToEnd() {
        if (failure != null) {
            return;
        }
        try {
            IOUtils.consume(this);
        } catch (IOException remembered) {
            // kept in failure
        }
    }

    /** @return the bytes read so far */
    long count() {
        return count;
    }

    /** @return the first failure of the stream itself, or null */
    IOException failure() {
        return failure;
    }
}
