package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.SourceTrees.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;

/**
 * A content is a sequence of independent zstd frames cut where the content says, so that an unchanged tree gives
 * the same bytes and a small change gives different bytes only around it: what lets a deduplicating store (restic,
 * borg) share the rest between two backups. The stock zstd and tar read it as any zstd stream.
 */
class DeduplicableContentTest {
    private static final Instant MONDAY = Instant.parse("2025-03-03T03:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2025-03-04T03:00:00Z");
    private static final Instant OLD = Instant.parse("2024-01-02T03:04:05Z");

    @TempDir
    Path temp;
    Path data;

    /* About 14 MiB: small configuration files around a database, a log and an incompressible cache. */
    @BeforeEach
    void makeTree() throws IOException {
        data = Files.createDirectories(temp.resolve("src/data"));
        for (int i = 0; i < 150; i++) {
            file(data, "conf/folder-" + (i / 20) + "/file-" + i + ".cfg", configuration(i, "ON"));
        }
        file(data, "db/home.sqlite", SourceTrees.mixedBytes(6 << 20, 7));
        file(data, "logs/events.log", FrameBoundariesTest.textLike(4 << 20, 8));
        file(data, "cache/blobs.bin", SourceTrees.mixedBytes(3 << 20, 9));
        try (var paths = Files.walk(data)) {
            for (Path p : paths.toList()) {
                SourceTrees.mtime(p, OLD);
            }
        }
    }

    @Test
    void twoBackupsOfAnUnchangedTreeHaveIdenticalContents() throws IOException {
        byte[] first = content(write("a.tar", MONDAY, 2));
        byte[] second = content(write("b.tar", TUESDAY, 2));
        assertArrayEquals(first, second);
        assertArrayEquals(first, content(write("c.tar", TUESDAY, 0)), "no workers gives the same bytes");
        assertArrayEquals(first, content(write("d.tar", TUESDAY, 5)), "five workers give the same bytes");
        assertTrue(frames(first).size() >= 10, frames(first).size() + " frames");
    }

    @Test
    void anEditedConfigurationFileChangesOnlyTheFramesAroundIt() throws IOException {
        List<byte[]> before = frames(content(write("a.tar", MONDAY, 2)));
        Path edited = data.resolve("conf/folder-3/file-70.cfg");
        Files.writeString(edited, configuration(70, "OFF, changed on Tuesday"));
        assertFewFramesChanged(before, 1, 2);
    }

    @Test
    void bytesInsertedNearTheStartOfALargeFileChangeOnlyTheFramesAroundThem() throws IOException {
        List<byte[]> before = frames(content(write("a.tar", MONDAY, 2)));
        Path db = data.resolve("db/home.sqlite");
        byte[] bytes = Files.readAllBytes(db);
        byte[] grown = new byte[bytes.length + 4096];
        System.arraycopy(bytes, 0, grown, 0, 100_000);
        Arrays.fill(grown, 100_000, 104_096, (byte) 7);
        System.arraycopy(bytes, 100_000, grown, 104_096, bytes.length - 100_000);
        Files.write(db, grown);
        Files.writeString(data.resolve("logs/events.log"), "one more line\n", StandardOpenOption.APPEND);
        // Around the insertion one or two, the log's last frame, and the frame after the log if it held its end.
        assertFewFramesChanged(before, 2, 4);
    }

    @Test
    void stockZstdAndTarReadTheFramesAsOneStream() throws Exception {
        SystemCommands.requireExecutable("/usr/bin/tar");
        SystemCommands.requireExecutable("/usr/bin/zstd");
        Path archive = write("backup.tar", MONDAY, 2);
        Path work = Files.createDirectories(temp.resolve("work"));
        Files.createDirectories(work.resolve("restore"));
        assertEquals("", SystemCommands.shell(work, "tar -xOf " + archive + " data.tar.zst | zstd -q -d"
                + " | tar -xf - -C restore"));
        assertEquals("", SystemCommands.shell(work, "diff -r " + data + " restore"));
        assertEquals("", SystemCommands.shell(work, "mkdir x && tar -xf " + archive + " -C x"
                + " && zstd -q -t x/data.tar.zst"));
        // zstd -lv reads the frames one by one; every frame has a checksum.
        String listing = SystemCommands.shell(work, "zstd -lv x/data.tar.zst");
        Matcher frames = Pattern.compile("# Zstandard Frames: *(\\d+)").matcher(listing);
        assertTrue(frames.find(), listing);
        assertEquals(frames(content(archive)).size(), Integer.parseInt(frames.group(1)), listing);
        assertTrue(Integer.parseInt(frames.group(1)) >= 10, listing);
        assertTrue(listing.contains("Check: XXH64"), listing);
    }

    /* Archives written before frames hold each content in one frame; the reader of restores reads both. */
    @Test
    void aContentWrittenAsOneFrameStillReads() throws IOException {
        byte[] tar;
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(content(write("a.tar", MONDAY, 2))))) {
            tar = in.readAllBytes();
        }
        byte[] oneFrame = Zstd.compress(tar, 3);
        assertEquals(1, frames(oneFrame).size());
        ArchiveManifest manifest = new ArchiveManifest("b-old", "Before frames", MONDAY, false, 1, "test",
                List.of("data"), Map.of());
        OuterTar outer = new OuterTar(MONDAY);
        Path old = temp.resolve("old.tar");
        try (OutputStream out = Files.newOutputStream(old)) {
            out.write(outer.manifestEntry(manifest.toJson()));
            out.write(outer.contentHeader("data", oneFrame.length));
            out.write(oneFrame);
            out.write(new byte[TarRecords.padding(oneFrame.length) + TarRecords.END_OF_ARCHIVE_LENGTH]);
        }
        try (InputStream in = ContentReader.open(ArchiveLayout.read(old), "data", null, 0)) {
            assertArrayEquals(tar, in.readAllBytes());
        }
    }

    /*
     * Writes the second backup and checks what a deduplicating store would add for it: the frames the first does not
     * have, few of them and a small part of the bytes.
     */
    private void assertFewFramesChanged(List<byte[]> before, int least, int most) throws IOException {
        List<byte[]> after = frames(content(write("b.tar", TUESDAY, 2)));
        int changed = FrameBoundariesTest.notIn(after, before);
        assertTrue(changed >= least && changed <= most, changed + " of " + after.size() + " frames changed");
        long total = after.stream().mapToLong(f -> f.length).sum();
        long added = 0;
        for (byte[] frame : after) {
            if (FrameBoundariesTest.notIn(List.of(frame), before) == 1) {
                added += frame.length;
            }
        }
        assertTrue(added * 4 < total, added + " of " + total + " compressed bytes are new");
    }

    private Path write(String name, Instant createdAt, int workers) throws IOException {
        Path target = temp.resolve(name);
        ArchiveManifest manifest = new ArchiveManifest("b-" + name, "Nightly", createdAt, false, 1, "test",
                List.of("data"), Map.of());
        ArchiveSummary summary = new ArchiveWriter(3, workers, UnreadableFilePolicy.FAIL).write(target, manifest,
                List.of(new ContentSource("data", data)));
        assertEquals(List.of(), summary.warnings());
        return target;
    }

    private static byte[] content(Path archive) throws IOException {
        return ArchiveReader.outerEntries(archive).get("data.tar.zst").data();
    }

    /* Splits a content into its zstd frames, as a reader finds them. */
    static List<byte[]> frames(byte[] content) {
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at < content.length) {
            int length = Math.toIntExact(Zstd.findFrameCompressedSize(content, at));
            frames.add(Arrays.copyOfRange(content, at, at + length));
            at += length;
        }
        return frames;
    }

    private static String configuration(int i, String state) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 40; line++) {
            text.append("item.").append(i).append('.').append(line).append(".state=").append(state).append('\n');
        }
        return text.toString().replace("\n", i % 2 == 0 ? "\n" : "\n# note\n");
    }
}
