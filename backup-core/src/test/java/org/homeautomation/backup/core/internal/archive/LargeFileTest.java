package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.core.internal.archive.bench.ArchiveBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file over 8 GiB, whose size needs a PAX record (the ustar size field ends at 8 GiB - 1), written by a JVM with a
 * 64 MiB heap. The file is sparse, so it costs no disk space, and reading 8.5 GiB of holes and compressing them
 * takes about 30 seconds here: worth it, since it is the only proof that such files survive.
 */
class LargeFileTest {
    private static final long SIZE = 8L * 1024 * 1024 * 1024 + 512L * 1024 * 1024 + 3;

    @TempDir
    Path temp;

    @Test
    void aSparseFileOver8GiBIsStoredWithItsSizeByAJvmWith64MiBOfHeap() throws Exception {
        Path big = Files.createDirectories(temp.resolve("big"));
        try (RandomAccessFile f = new RandomAccessFile(big.resolve("disk.img").toFile(), "rw")) {
            f.setLength(SIZE);
            f.seek(SIZE - 4);
            f.write(new byte[] {'e', 'n', 'd', '\n'});
        }
        SourceTrees.file(big, "z-after.txt", "after the big one");
        Path archive = temp.resolve("big.tar");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ArchiveBenchmark.class.getName(), "write", archive.toString(), "3", "2", "big=" + big));
        SystemCommands.Result r = SystemCommands.run(null, command);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("sha256=" + ArchiveReader.sha256(archive)), r.output());

        Map<String, ArchiveReader.Entry> entries = ArchiveReader.contentEntries(archive, "big", 1024);
        assertEquals(SIZE, entries.get("disk.img").header().getSize());
        assertEquals("after the big one", entries.get("z-after.txt").text());

        SystemCommands.requireExecutable("/usr/bin/tar");
        SystemCommands.requireExecutable("/usr/bin/zstd");
        String listing = SystemCommands.shell(temp, "mkdir x && tar -xf " + archive + " -C x"
                + " && zstd -q -dc x/big.tar.zst | tar -tvf - 2>&1");
        assertTrue(listing.contains(" " + SIZE + " "), listing);
        assertEquals("end\n",
                SystemCommands.shell(temp, "zstd -q -dc x/big.tar.zst | tar -xOf - disk.img | tail -c 4"));
    }
}
