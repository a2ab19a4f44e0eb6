package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.SourceTrees.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing an archive onto a real 4 MiB tmpfs that fills up. */
class DiskFullTest {
    @TempDir
    Path temp;
    final Mounts mounts = new Mounts();

    @AfterEach
    void unmount() throws Exception {
        mounts.unmountAll();
    }

    @Test
    void aFullDiskFailsNamingTheArchiveAndLeavesNothingBehind() throws Exception {
        Path small = temp.resolve("small");
        mounts.tmpfs(small, "4m");
        Path data = Files.createDirectories(temp.resolve("data"));
        // Random bytes do not compress: 8 MiB cannot fit into 4 MiB.
        file(data, "random.bin", randomBytes(8 << 20));
        Path target = small.resolve("backup.tar");
        ArchiveManifest manifest = new ArchiveManifest("b1", "Full", Instant.EPOCH, false, 1, "", List.of("data"),
                Map.of());

        IOException e = assertThrows(IOException.class, () -> new ArchiveWriter(3, 2, UnreadableFilePolicy.FAIL)
                .write(target, manifest, List.of(new ContentSource("data", data))));

        assertTrue(e.getMessage().startsWith("Could not write the backup archive " + target
                + ": the disk is full (No space left on device)."), e.getMessage());
        try (Stream<Path> left = Files.list(small)) {
            assertEquals(List.of(), left.toList(), "the incomplete archive is deleted");
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] b = new byte[size];
        new java.util.SplittableRandom(42).nextBytes(b);
        return b;
    }
}
