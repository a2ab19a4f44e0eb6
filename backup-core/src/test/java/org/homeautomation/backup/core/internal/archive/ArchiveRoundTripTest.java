package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.SourceTrees.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes one archive of two contents with every kind of entry the format promises to keep, then reads it back with
 * Commons Compress and restores it with the real tar and zstd commands, as a person would.
 */
class ArchiveRoundTripTest {
    private static final Instant CREATED = Instant.parse("2025-03-04T05:06:07.891Z");
    private static final Instant OLD = Instant.parse("2001-02-03T04:05:06Z");
    private static final String LONG_NAME = "n".repeat(140) + ".items";
    private static final String DEEP_PATH = "deep/" + "d".repeat(120) + "/" + "e".repeat(120) + "/"
            + "f".repeat(100) + ".txt";
    private static final String UMLAUT_LONG = "ü".repeat(100) + ".txt";
    private static final String NON_ASCII = "Grüße/日本語-ファイル.txt";
    private static final String EMOJI = "emoji-😀.json";

    @TempDir
    static Path temp;
    static Path etc;
    static Path userdata;
    static Path archive;
    static ArchiveManifest manifest;
    static ArchiveSummary summary;
    static byte[] bigData;

    @BeforeAll
    static void writeArchive() throws Exception {
        SystemCommands.require("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "The JVM must decode file names as UTF-8 (sun.jnu.encoding is "
                        + System.getProperty("sun.jnu.encoding") + "); run with LANG=C.UTF-8");
        etc = Files.createDirectories(temp.resolve("src/etc"));
        userdata = Files.createDirectories(temp.resolve("src/userdata"));

        SourceTrees.mode(file(etc, "openhab.cfg", "org.openhab.core:port=8080\n"), 0640);
        SourceTrees.mode(file(etc, "run.sh", "#!/bin/sh\necho hi\n"), 0755);
        SourceTrees.mode(file(etc, "setuid-tool", "binary"), 04750);
        file(etc, "things/zwave.things", "Thing zwave:device:1 \"Plug\"\n");
        file(etc, "things/x.tmp", "excluded by **/*.tmp");
        file(etc, "cache/blob.bin", "excluded by etc/cache");
        file(etc, "staging/partial.tar", "excluded by absolute path");
        Files.createDirectories(etc.resolve("empty/nested-empty"));
        file(etc, LONG_NAME, "long name");
        file(etc, DEEP_PATH, "deep");
        file(etc, UMLAUT_LONG, "long non-ASCII name");
        file(etc, NON_ASCII, "non-ASCII");
        file(etc, EMOJI, "{}");
        file(etc, "zero.txt", new byte[0]);
        file(etc, "exactly-512.bin", SourceTrees.mixedBytes(512, 1));
        file(etc, "just-over-512.bin", SourceTrees.mixedBytes(513, 2));
        SourceTrees.owner(file(etc, "owned-by-1234.txt", "numeric owner"), 1234, 4321);
        Files.createSymbolicLink(etc.resolve("link-relative"), Path.of("things/zwave.things"));
        Files.createSymbolicLink(etc.resolve("link-absolute"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(etc.resolve("things/link-up-and-out"), Path.of("../../outside"));
        Files.createSymbolicLink(etc.resolve("things/link-up-and-in"), Path.of("../run.sh"));
        Files.createSymbolicLink(etc.resolve("link-dangling"), Path.of("does/not/exist"));
        Files.createSymbolicLink(etc.resolve("link-dir"), Path.of("things"));
        Files.createSymbolicLink(etc.resolve("link-long"), Path.of("ö".repeat(80) + "/target"));
        // Directories last, as adding entries changes a folder's time.
        try (Stream<Path> all = Files.walk(etc)) {
            List<Path> paths = new ArrayList<>(all.toList());
            Collections.reverse(paths);
            for (Path p : paths) {
                SourceTrees.mtime(p, OLD.plusSeconds(p.toString().length()));
            }
        }
        // After setting times: Java opens a file to set its times, which blocks on a named pipe.
        SourceTrees.fifo(etc.resolve("pipe"));
        SourceTrees.socket(etc.resolve("sock"));
        SourceTrees.mtime(etc, OLD);

        bigData = SourceTrees.mixedBytes(3 * 1024 * 1024 + 17, 3);
        file(userdata, "persistence/big.bin", bigData);
        file(userdata, "jsondb/items.json", "{\"a\": 1}");

        manifest = new ArchiveManifest("b-2025-03-04", "Nightly ä", CREATED, false, 1, "openHAB 4.3.0",
                List.of("etc", "userdata"), Map.of("host", "pi"));
        PathExcluder excluder = PathExcluder.of(List.of("etc/cache", "**/*.tmp"), List.of())
                .excludeAbsolute(etc.resolve("staging"));
        archive = temp.resolve("out/backup.tar");
        Files.createDirectories(archive.getParent());
        summary = new ArchiveWriter(3, 2, UnreadableFilePolicy.FAIL).write(archive, manifest,
                List.of(new ContentSource("etc", etc, excluder), new ContentSource("userdata", userdata)));
    }

    @Test
    void summaryGivesTheFilesSizeAndSha256() throws IOException {
        ArchiveReader.assertSummaryMatchesFile(summary, archive);
    }

    @Test
    void backupJsonComesFirstThenTheContentsInOrder() throws IOException {
        Map<String, ArchiveReader.Entry> outer = ArchiveReader.outerEntries(archive);
        assertEquals(List.of("backup.json", "etc.tar.zst", "userdata.tar.zst"), new ArrayList<>(outer.keySet()));
        ArchiveReader.Entry json = outer.get("backup.json");
        assertEquals(manifest, ArchiveManifest.fromJson(json.text()));
        for (ArchiveReader.Entry e : outer.values()) {
            assertEquals(0644, e.header().getMode() & 07777, e.header().getName());
            assertEquals(CREATED.getEpochSecond(), e.header().getLastModifiedTime().toInstant().getEpochSecond());
        }
    }

    @Test
    void specialFilesAndLinksLeadingOutAreSkippedWithWarnings() {
        assertEquals(List.of(
                "Skipped etc/link-absolute: it is a symbolic link to /etc/hostname, outside the content, which a"
                        + " restore would refuse. Back up the folder it leads to as a source of its own if it matters.",
                "Skipped etc/pipe: it is a named pipe (FIFO); only files, folders and symbolic links are archived",
                "Skipped etc/sock: it is a socket; only files, folders and symbolic links are archived",
                "Skipped etc/things/link-up-and-out: it is a symbolic link to ../../outside, outside the content,"
                        + " which a restore would refuse. Back up the folder it leads to as a source of its own if it"
                        + " matters."),
                summary.warnings());
    }

    @Test
    void commonsCompressReadsBackNamesTypesModesTimesAndData() throws IOException {
        Map<String, ArchiveReader.Entry> entries = ArchiveReader.contentEntries(archive, "etc");
        for (String name : entries.keySet()) {
            assertFalse(name.startsWith("/") || name.startsWith("./"), name);
        }
        assertFalse(entries.containsKey("cache/"), "excluded by glob");
        assertFalse(entries.containsKey("cache/blob.bin"), "excluded by glob");
        assertFalse(entries.containsKey("things/x.tmp"), "excluded by glob");
        assertFalse(entries.containsKey("staging/"), "excluded by absolute path");
        assertFalse(entries.containsKey("pipe"));
        assertFalse(entries.containsKey("sock"));
        assertFalse(entries.containsKey("link-dir/zwave.things"), "symbolic links are not followed");

        assertTrue(entries.get("empty/").header().isDirectory());
        assertTrue(entries.get("empty/nested-empty/").header().isDirectory());
        assertEquals("long name", entries.get(LONG_NAME).text());
        assertEquals("deep", entries.get(DEEP_PATH).text());
        assertEquals("long non-ASCII name", entries.get(UMLAUT_LONG).text());
        assertEquals("non-ASCII", entries.get(NON_ASCII).text());
        assertEquals("{}", entries.get(EMOJI).text());
        assertEquals(0, entries.get("zero.txt").data().length);
        assertArrayEquals(Files.readAllBytes(etc.resolve("just-over-512.bin")),
                entries.get("just-over-512.bin").data());

        assertEquals(0640, entries.get("openhab.cfg").header().getMode() & 07777);
        assertEquals(0755, entries.get("run.sh").header().getMode() & 07777);
        assertEquals(04750, entries.get("setuid-tool").header().getMode() & 07777);
        TarArchiveEntry numeric = entries.get("owned-by-1234.txt").header();
        assertEquals(1234, numeric.getLongUserId());
        assertEquals(4321, numeric.getLongGroupId());
        assertEquals("root", entries.get("openhab.cfg").header().getUserName());

        TarArchiveEntry relative = entries.get("link-relative").header();
        assertTrue(relative.isSymbolicLink());
        assertEquals("things/zwave.things", relative.getLinkName());
        assertEquals(null, entries.get("link-absolute"), "a link leading out of the content is not stored");
        assertEquals("../run.sh", entries.get("things/link-up-and-in").header().getLinkName());
        assertEquals("does/not/exist", entries.get("link-dangling").header().getLinkName());
        assertTrue(entries.get("link-dir").header().isSymbolicLink());
        assertEquals("ö".repeat(80) + "/target", entries.get("link-long").header().getLinkName());

        for (Map.Entry<String, ArchiveReader.Entry> e : entries.entrySet()) {
            Path source = etc.resolve(e.getKey());
            FileTime expected = Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS);
            assertEquals(expected.toInstant().getEpochSecond(),
                    e.getValue().header().getLastModifiedTime().toInstant().getEpochSecond(), e.getKey());
        }

        Map<String, ArchiveReader.Entry> user = ArchiveReader.contentEntries(archive, "userdata");
        assertEquals(List.of("jsondb/", "jsondb/items.json", "persistence/", "persistence/big.bin"),
                new ArrayList<>(user.keySet()));
        assertArrayEquals(bigData, user.get("persistence/big.bin").data());
    }

    @Test
    void realTarAndZstdRestoreTheTreeAsDocumented() throws Exception {
        SystemCommands.requireExecutable("/usr/bin/tar");
        SystemCommands.requireExecutable("/usr/bin/zstd");
        Path work = Files.createDirectories(temp.resolve("restore-work"));
        Files.createDirectories(work.resolve("restore/etc"));
        Files.createDirectories(work.resolve("restore/userdata"));
        // The commands of docs/archive-format.md; tar must not complain about anything.
        String output = SystemCommands.shell(work, "mkdir x && tar -xf " + archive + " -C x"
                + " && zstd -q -dc x/etc.tar.zst | tar -xf - -C restore/etc"
                + " && zstd -q -dc x/userdata.tar.zst | tar -xf - -C restore/userdata"
                + " && zstd -q -t x/etc.tar.zst x/userdata.tar.zst");
        assertEquals("", output);
        assertEquals(manifest, ArchiveManifest.fromJson(Files.readString(work.resolve("x/backup.json"))));

        assertEquals(describe(etc, List.of("cache", "things/x.tmp", "staging", "pipe", "sock", "link-absolute",
                "things/link-up-and-out")),
                describe(work.resolve("restore/etc"), List.of()));
        assertEquals(describe(userdata, List.of()), describe(work.resolve("restore/userdata"), List.of()));
    }

    @Test
    void realTarListsTheOuterArchiveWithoutWarnings() throws Exception {
        SystemCommands.requireExecutable("/usr/bin/tar");
        String listing = SystemCommands.shell(temp, "tar -tf " + archive + " 2>&1");
        assertEquals("backup.json\netc.tar.zst\nuserdata.tar.zst\n", listing);
    }

    /**
     * @return every path below {@code root} with what restoring must keep: type, permission bits, owner, modification
     *         time in seconds (not for symbolic links, whose times tar may not set), and data or link target
     */
    private static Map<String, String> describe(Path root, List<String> skipped) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty() || skipped.stream().anyMatch(s -> rel.equals(s) || rel.startsWith(s + "/"))) {
                    continue;
                }
                Map<String, Object> a = SourceTrees.unixAttributes(p);
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "link to " + Files.readSymbolicLink(p);
                } else {
                    String common = Integer.toOctalString((Integer) a.get("mode") & 07777) + " " + a.get("uid") + ":"
                            + a.get("gid") + " " + ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
                    what = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir " + common
                            : "file " + common + " sha256 " + ArchiveReader.sha256(p);
                }
                result.put(rel, what);
            }
        }
        return result;
    }

    @Test
    void manifestJsonIsReadableText() throws IOException {
        String json = ArchiveReader.outerEntries(archive).get("backup.json").text();
        assertTrue(json.contains("\"name\": \"Nightly ä\""), json);
        assertTrue(json.getBytes(StandardCharsets.UTF_8).length < 1024);
    }
}
