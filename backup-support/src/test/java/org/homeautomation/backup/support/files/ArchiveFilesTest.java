package org.homeautomation.backup.support.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFilesTest {
    @TempDir
    Path dir;

    @Test
    void theArchiveIsWrittenToTheFileAndTheStreamClosed() throws IOException {
        byte[] archive = new byte[300_000];
        new Random(42).nextBytes(archive);
        TrackedStream in = new TrackedStream(new ByteArrayInputStream(archive));

        long written = ArchiveFiles.save(in, dir.resolve("backup.tar"));

        assertEquals(archive.length, written);
        assertArrayEquals(archive, Files.readAllBytes(dir.resolve("backup.tar")));
        assertTrue(in.closed.get());
        assertEquals(List.of(dir.resolve("backup.tar")), files());
    }

    @Test
    void aFailedReadLeavesNoFileBehind() throws IOException {
        // The manager's stream throws at its end when the digest does not match: the bytes before must not stay.
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(new byte[10_000])) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n == -1) {
                    throw new IOException("SHA-256 digest of backup b1 does not match its metadata");
                }
                return n;
            }
        };

        IOException e = assertThrows(IOException.class, () -> ArchiveFiles.save(failing, dir.resolve("b1.tar")));

        assertEquals("SHA-256 digest of backup b1 does not match its metadata", e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void anExistingFileIsNotOverwritten() throws IOException {
        Path existing = Files.writeString(dir.resolve("keep.tar"), "precious");
        TrackedStream in = new TrackedStream(new ByteArrayInputStream(new byte[] { 1, 2, 3 }));

        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> ArchiveFiles.save(in, existing));

        assertEquals(existing + ": the file exists; choose another file name or delete it first", e.getMessage());
        assertEquals("precious", Files.readString(existing));
        assertTrue(in.closed.get());
    }

    @Test
    void aMissingFolderIsNamed() {
        Path target = dir.resolve("missing").resolve("b1.tar");

        IOException e = assertThrows(IOException.class,
                () -> ArchiveFiles.save(new ByteArrayInputStream(new byte[1]), target));

        assertEquals(target.getParent() + ": the folder does not exist; create it or choose another file",
                e.getMessage());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static final class TrackedStream extends FilterInputStream {
        final AtomicBoolean closed = new AtomicBoolean();

        TrackedStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            super.close();
        }
    }
}
