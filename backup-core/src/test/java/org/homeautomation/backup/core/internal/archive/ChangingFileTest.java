package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.SourceTrees.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that change between the moment their size goes into the tar header and the moment their data is read, as
 * log files and databases of a running runtime do. The archive must stay a valid tar either way.
 */
class ChangingFileTest {
    /** Larger than the writer's 1 MiB buffer, so that the change falls across buffer boundaries. */
    private static final int SIZE = 2 * 1024 * 1024 + 1000;
    private static final ArchiveManifest MANIFEST = new ArchiveManifest("b1", "Changing", Instant.EPOCH, false, 1,
            "", List.of("logs"), Map.of());

    @TempDir
    Path temp;
    Path logs;
    Path target;
    byte[] original;

    @BeforeEach
    void tree() throws IOException {
        logs = Files.createDirectories(temp.resolve("logs"));
        original = SourceTrees.mixedBytes(SIZE, 7);
        file(logs, "events.log", original);
        file(logs, "later.txt", "the entry after the changed one");
        target = temp.resolve("backup.tar");
    }

    @Test
    void aFileThatShrankIsFilledUpWithZerosAndReported() throws Exception {
        int shrunk = 1_300_000;
        ArchiveSummary summary = write((content, path, size) -> {
            if (path.equals("events.log")) {
                try (FileChannel ch = FileChannel.open(logs.resolve(path), StandardOpenOption.WRITE)) {
                    ch.truncate(shrunk);
                }
            }
        });
        assertEquals(List.of("File logs/events.log shrank from " + SIZE + " to " + shrunk
                + " bytes while it was read; the missing bytes are stored as zeros"), summary.warnings());
        byte[] expected = Arrays.copyOf(Arrays.copyOf(original, shrunk), SIZE);
        assertStored(expected);
        ArchiveReader.assertSummaryMatchesFile(summary, target);
    }

    @Test
    void aFileThatGrewIsStoredWithTheSizeItHadWhenListed() throws Exception {
        ArchiveSummary summary = write((content, path, size) -> {
            if (path.equals("events.log")) {
                Files.write(logs.resolve(path), SourceTrees.mixedBytes(500_000, 8), StandardOpenOption.APPEND);
            }
        });
        assertEquals(List.of(), summary.warnings());
        assertStored(original);
    }

    private ArchiveSummary write(ArchiveListener listener) throws IOException {
        return new ArchiveWriter(3, 2, UnreadableFilePolicy.FAIL).write(target, MANIFEST,
                List.of(new ContentSource("logs", logs)), listener);
    }

    /* Reads back with Commons Compress and checks the whole tar with the real tar, so any framing error shows. */
    private void assertStored(byte[] expected) throws Exception {
        Map<String, ArchiveReader.Entry> entries = ArchiveReader.contentEntries(target, "logs");
        assertArrayEquals(expected, entries.get("events.log").data());
        assertEquals("the entry after the changed one", entries.get("later.txt").text());
        SystemCommands.requireExecutable("/usr/bin/tar");
        SystemCommands.requireExecutable("/usr/bin/zstd");
        String listing = SystemCommands.shell(temp, "mkdir -p x && tar -xf " + target + " -C x"
                + " && zstd -q -dc x/logs.tar.zst | tar -tvf - 2>&1");
        assertEquals(2, listing.lines().count(), listing);
        assertEquals(true, listing.contains(" " + SIZE + " "), listing);
    }
}
