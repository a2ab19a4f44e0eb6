package org.homeautomation.backup.core.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The archive file being written. Writes go to explicit positions so that a header can be left as a gap and filled
 * in once the size of the entry behind it is known. Every write error is reported with the file's name, and a full
 * disk is said to be one.
 */
final class TargetFile implements Closeable {
    /** Below this much usable space after a failed write, the failure is taken as the disk being full. */
    private static final long NEARLY_FULL_BYTES = 1L << 20;

    private final Path path;
    private final FileChannel channel;
    private long position;

    private TargetFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Creates the file; it must not exist. */
    static TargetFile create(Path path) throws IOException {
        try {
            return new TargetFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "the backup archive file exists already; it is never overwritten");
        } catch (IOException e) {
            throw new IOException("Could not create the backup archive " + path + ": " + reason(e), e);
        }
    }

    Path path() {
        return path;
    }

    /** @return the position the next sequential write goes to, which is also the size written so far */
    long position() {
        return position;
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        writeAt(position, ByteBuffer.wrap(bytes, offset, length));
        position += length;
    }

    /** Appends what remains in {@code buffer}, which is left empty. */
    void write(ByteBuffer buffer) throws IOException {
        int length = buffer.remaining();
        writeAt(position, buffer);
        position += length;
    }

    /** Leaves {@code length} bytes as a gap, to be filled with {@link #patch(long, byte[])}. */
    void reserve(int length) {
        position += length;
    }

    /** Fills part of a gap left by {@link #reserve(int)}; does not move the position. */
    void patch(long at, byte[] bytes) throws IOException {
        if (at + bytes.length > position) {
            throw new IllegalStateException("A patch must lie within what was written");
        }
        writeAt(at, ByteBuffer.wrap(bytes));
    }

    private void writeAt(long at, ByteBuffer buffer) throws IOException {
        try {
            long p = at;
            while (buffer.hasRemaining()) {
                p += channel.write(buffer, p);
            }
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    private IOException writeFailure(IOException e) {
        if (e instanceof ClosedByInterruptException) {
            InterruptedIOException interrupted = new InterruptedIOException("Writing the backup archive " + path
                    + " was interrupted");
            interrupted.initCause(e);
            return interrupted;
        }
        if (isDiskFull(e)) {
            return new IOException("Could not write the backup archive " + path + ": the disk is full (" + reason(e)
                    + "). Free space on that file system or move the backup staging folder to a larger one;"
                    + " it needs room for the whole compressed backup.", e);
        }
        return new IOException("Could not write the backup archive " + path + ": " + reason(e), e);
    }

    /*
     * The error text comes from strerror and is translated in some locales, so the space left is asked as well.
     */
    private boolean isDiskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return true;
        }
        try {
            return Files.getFileStore(path).getUsableSpace() < NEARLY_FULL_BYTES;
        } catch (IOException | RuntimeException notKnown) {
            return false;
        }
    }

    static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
