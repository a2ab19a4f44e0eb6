package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.SourceTrees.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An unprotected archive of two contents written by the real {@link ArchiveWriter} from trees on disk (nested
 * folders, a symbolic link, an empty folder, modes such as 0750 and 0600, old modification times, and a file large
 * enough for several age chunks), for the tests of protected archives.
 */
final class TwoContentArchive {
    static final String PASSWORD = "correct horse battery staple";
    /** Low, so that tests spend no time in scrypt; real backups use {@link ProtectedArchive#DEFAULT_WORK_FACTOR}. */
    static final int TEST_WORK_FACTOR = 10;
    static final int MAX_WORK_FACTOR = 20;
    static final Instant CREATED = Instant.parse("2025-06-07T08:09:10.123Z");
    private static final Instant OLD = Instant.parse("2003-04-05T06:07:08Z");

    final Path etc;
    final Path userdata;
    final Path archive;
    final ArchiveManifest manifest;
    final ArchiveSummary summary;

    private TwoContentArchive(Path etc, Path userdata, Path archive, ArchiveManifest manifest,
            ArchiveSummary summary) {
        this.etc = etc;
        this.userdata = userdata;
        this.archive = archive;
        this.manifest = manifest;
        this.summary = summary;
    }

    /** Builds the trees below {@code dir} and writes their archive to {@code dir/clear.tar}. */
    static TwoContentArchive write(Path dir) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("src/etc"));
        Path userdata = Files.createDirectories(dir.resolve("src/userdata"));
        SourceTrees.mode(file(etc, "settings.cfg", "port=8080\n"), 0640);
        SourceTrees.mode(file(etc, "nested/deeper/état.json", "{\"on\": true}"), 0600);
        SourceTrees.mode(file(etc, "run.sh", "#!/bin/sh\necho hi\n"), 0755);
        Files.createDirectories(etc.resolve("empty"));
        Files.createSymbolicLink(etc.resolve("link"), Path.of("nested/deeper/état.json"));
        SourceTrees.mode(etc.resolve("nested"), 0750);
        // Half random, half repetitive: compressed it still spans several 64 KiB age chunks.
        file(userdata, "persistence/big.bin", SourceTrees.mixedBytes(600 * 1024 + 17, 7));
        file(userdata, "jsondb/items.json", "{\"Lamp\": \"ON\"}");
        oldTimes(etc);
        oldTimes(userdata);

        ArchiveManifest manifest = new ArchiveManifest("20250607-080910-0badcafe", "Before the update", CREATED,
                false, 1, "test runtime", List.of("etc", "userdata"), Map.of("origin", "test"));
        Path archive = dir.resolve("clear.tar");
        ArchiveSummary summary = new ArchiveWriter(3, 1, UnreadableFilePolicy.FAIL).write(archive, manifest,
                List.of(new ContentSource("etc", etc), new ContentSource("userdata", userdata)));
        return new TwoContentArchive(etc, userdata, archive, manifest, summary);
    }

    /** @return a protected form of the archive, with fresh keys */
    ProtectedArchive protect() throws IOException {
        return new ProtectedArchive(ArchiveLayout.read(archive), PASSWORD.toCharArray(), TEST_WORK_FACTOR,
                new SecureRandom());
    }

    /** @return the bytes of the archive file */
    byte[] clearBytes() throws IOException {
        return Files.readAllBytes(archive);
    }

    static byte[] readAll(ProtectedArchive archive) throws IOException {
        try (InputStream in = archive.open()) {
            return in.readAllBytes();
        }
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /**
     * @return every path below {@code root} (not the root itself) with type, permission bits, modification time in
     *         seconds (not for symbolic links), and data digest or link target
     */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                Map<String, Object> a = SourceTrees.unixAttributes(p);
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "link to " + Files.readSymbolicLink(p);
                } else {
                    String common = Integer.toOctalString((Integer) a.get("mode") & 07777) + " "
                            + ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
                    what = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir " + common
                            : "file " + common + " sha256 " + ArchiveReader.sha256(p);
                }
                result.put(rel, what);
            }
        }
        return result;
    }

    /** Distinct old times, folders last (writing into a folder changes its time). */
    private static void oldTimes(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> all = Files.walk(root)) {
            paths = new ArrayList<>(all.toList());
        }
        Collections.reverse(paths);
        for (Path p : paths) {
            SourceTrees.mtime(p, OLD.plusSeconds(root.relativize(p).toString().length() * 3600L));
        }
    }
}
