package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.commons.io.input.BoundedInputStream;

/** Opens a range of a file as a stream. */
final class FileRange {
    private FileRange() {
    }

    /** @return a stream of {@code length} bytes of {@code file} from {@code offset}; the caller closes it */
    static InputStream open(Path file, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(offset);
            return BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel))
                    .setMaxCount(length).setPropagateClose(true).get();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
