package org.homeautomation.backup.agent.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;

/**
 * Copies a {@link BackupSource} into a new file chunk by chunk, with a fixed buffer whatever the archive's size.
 */
final class StreamedCopy {
    static final int CHUNK_SIZE = 1024 * 1024;

    /** The source could not be read, or did not yield the number of bytes it declared: not a storage failure. */
    static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceException(String message) {
            super(message);
        }

        SourceException(String message, IOException cause) {
            super(message, cause);
        }
    }

    private StreamedCopy() {
    }

    /**
     * Copies the source to {@code target}, which must not exist, and syncs it. Reports the total after each chunk and
     * once at the end. Leaves cleaning up {@code target} on failure to the caller.
     *
     * @throws InterruptedIOException when the thread was interrupted; its interrupt status stays set
     * @throws SourceException when the source cannot be read or yields more or fewer bytes than
     *         {@link BackupSource#size()}
     */
    static void copy(BackupSource source, Path target, UploadProgress progress) throws IOException {
        long expected = source.size();
        byte[] chunk = new byte[CHUNK_SIZE];
        long total = 0;
        try (InputStream in = openSource(source);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                // Reading from the source may not be interruptible; writing to the channel is, but check anyway so
                // that an interrupt stops the copy within one chunk.
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted after " + total + " bytes");
                }
                int n = read(in, chunk);
                if (n == 0) {
                    break;
                }
                total += n;
                if (total > expected) {
                    // Stop at once: an endless source must not fill the disk.
                    throw new SourceException("the archive yielded more than the " + expected
                            + " bytes it declared");
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                progress.bytesUploaded(total);
            }
            if (total != expected) {
                throw new SourceException("the archive yielded " + total + " bytes but declared " + expected);
            }
            out.force(true);
        }
        if (expected == 0) {
            progress.bytesUploaded(0);
        }
    }

    private static InputStream openSource(BackupSource source) throws SourceException {
        try {
            return source.open();
        } catch (IOException e) {
            throw new SourceException("the archive to upload could not be opened: " + e.getMessage(), e);
        }
    }

    /** Fills the chunk unless the source ends first, so that progress is reported per whole chunk. */
    private static int read(InputStream in, byte[] chunk) throws IOException {
        try {
            return in.readNBytes(chunk, 0, chunk.length);
        } catch (IOException e) {
            // An interrupted read is the upload being cancelled; any other failure, a timeout included, is the
            // source's.
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            throw new SourceException("the archive to upload could not be read: " + e.getMessage(), e);
        }
    }
}
