package org.homeautomation.backup.core.internal.archive.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import com.github.luben.zstd.Zstd;

/**
 * What a store that deduplicates whole zstd frames would add for the second of two archives: the frames of its
 * contents that the first archive does not hold. The lower bound of what restic adds, whose own chunks of the
 * archive also take in unchanged bytes around each new frame.
 */
final class SharedFrames {
    private SharedFrames() {
    }

    /** Prints {@code frames=}, {@code new_frames=}, {@code compressed_bytes=} and {@code new_frame_bytes=}. */
    static void compare(Path first, Path second) throws IOException {
        Set<ByteBuffer> known = new HashSet<>();
        forEachFrame(first, frame -> known.add(frame));
        long[] counts = new long[4];
        forEachFrame(second, frame -> {
            counts[0]++;
            counts[2] += frame.remaining();
            if (!known.contains(frame)) {
                counts[1]++;
                counts[3] += frame.remaining();
            }
        });
        System.out.println("frames=" + counts[0]);
        System.out.println("new_frames=" + counts[1]);
        System.out.println("compressed_bytes=" + counts[2]);
        System.out.println("new_frame_bytes=" + counts[3]);
    }

    private interface FrameConsumer {
        void accept(ByteBuffer frame);
    }

    private static void forEachFrame(Path archive, FrameConsumer consumer) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(file, StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (!e.getName().endsWith(".tar.zst")) {
                    continue;
                }
                byte[] content = tar.readAllBytes();
                int at = 0;
                while (at < content.length) {
                    int length = Math.toIntExact(Zstd.findFrameCompressedSize(content, at));
                    consumer.accept(ByteBuffer.wrap(content, at, length).slice());
                    at += length;
                }
            }
        }
    }
}
