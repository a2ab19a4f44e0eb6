package org.homeautomation.backup.agent.s3.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

import org.homeautomation.backup.api.BackupSource;

/**
 * Reads the archive to upload into buffers, checking that the source yields exactly the size it declared, and noticing
 * an interrupt of the uploading thread between chunks even when the source itself ignores interrupts.
 */
final class ArchiveReader implements Closeable {
    /** Reads are split into chunks of this size, so that an interrupt stops a read of a large part soon. */
    private static final int CHUNK = 1024 * 1024;

    /** The source could not be read, or did not yield the number of bytes it declared: not a storage failure. */
    static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final InputStream in;
    private final long size;
    private long read;

    private ArchiveReader(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    static ArchiveReader open(BackupSource source) throws IOException {
        InputStream in;
        try {
            in = source.open();
        } catch (IOException e) {
            checkInterrupt();
            throw new SourceException("the archive to upload could not be opened: " + e.getMessage(), e);
        }
        if (in == null) {
            throw new SourceException("the archive's source gave no stream", null);
        }
        return new ArchiveReader(in, source.size());
    }

    /**
     * Fills {@code buffer[0..length)} from the archive.
     *
     * @throws InterruptedIOException when the thread was interrupted; its interrupt status stays set
     * @throws SourceException when the source fails or ends early
     */
    void readFully(byte[] buffer, int length) throws IOException {
        int filled = 0;
        while (filled < length) {
            checkInterrupt();
            int n;
            try {
                n = in.readNBytes(buffer, filled, Math.min(CHUNK, length - filled));
            } catch (IOException e) {
                checkInterrupt();
                throw new SourceException("the archive to upload could not be read after " + (read + filled)
                        + " bytes: " + e.getMessage(), e);
            }
            if (n == 0) {
                throw new SourceException("the archive yielded " + (read + filled) + " bytes but declared " + size,
                        null);
            }
            filled += n;
        }
        read += length;
        checkInterrupt();
    }

    /** @throws SourceException when the archive has more bytes than it declared */
    void expectEnd() throws IOException {
        int next;
        try {
            next = in.read();
        } catch (IOException e) {
            checkInterrupt();
            throw new SourceException("the archive to upload could not be read at its end: " + e.getMessage(), e);
        }
        if (next != -1) {
            throw new SourceException("the archive yielded more than the " + size + " bytes it declared", null);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static void checkInterrupt() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the upload was interrupted");
        }
    }
}
