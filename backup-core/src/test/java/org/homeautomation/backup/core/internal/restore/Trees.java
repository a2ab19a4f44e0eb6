package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.homeautomation.backup.core.internal.archive.SourceTrees;

/** Builds, describes and compares folder trees on disk for tests. */
final class Trees {
    /** What a snapshot records of each entry besides its type and data. */
    enum Detail {
        MODE, OWNER, MTIME
    }

    private Trees() {
    }

    static Path file(Path root, String relative, String text) throws IOException {
        return file(root, relative, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path file(Path root, String relative, byte[] data) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    static void oldTimes(Path root, Instant base) throws IOException {
        List<Path> paths;
        try (Stream<Path> all = Files.walk(root)) {
            paths = new ArrayList<>(all.toList());
        }
        Collections.reverse(paths);
        for (Path p : paths) {
            SourceTrees.mtime(p, base.plusSeconds(root.relativize(p).toString().length() * 3600L));
        }
    }

    static boolean runningAsRoot(Path scratch) throws IOException {
        Path probe = Files.createTempFile(scratch, "uid", ".probe");
        try {
            return ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
        } finally {
            Files.delete(probe);
        }
    }

    /**
     * @return one line per entry under {@code root} (the root itself as ""), sorted by path: type, the details asked
     *         for, and a file's SHA-256 or a link's target
     */
    static Map<String, String> snapshot(Path root, Detail... details) throws IOException {
        Map<String, String> lines = new TreeMap<>();
        List<Detail> wanted = List.of(details);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,isDirectory,"
                        + "isSymbolicLink,isRegularFile", LinkOption.NOFOLLOW_LINKS);
                StringBuilder line = new StringBuilder();
                boolean link = (Boolean) a.get("isSymbolicLink");
                line.append((Boolean) a.get("isDirectory") ? "folder" : link ? "link" : (Boolean) a.get(
                        "isRegularFile") ? "file" : "other");
                if (wanted.contains(Detail.MODE) && !link) {
                    line.append(" mode=").append(Integer.toOctalString((Integer) a.get("mode") & 07777));
                }
                if (wanted.contains(Detail.OWNER)) {
                    line.append(" owner=").append(a.get("uid")).append(':').append(a.get("gid"));
                }
                if (wanted.contains(Detail.MTIME)) {
                    line.append(" mtime=").append(((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS));
                }
                if (link) {
                    line.append(" -> ").append(Files.readSymbolicLink(p));
                } else if ((Boolean) a.get("isRegularFile")) {
                    line.append(" sha256=").append(sha256(p));
                }
                lines.put(root.relativize(p).toString(), line.toString());
            }
        }
        return lines;
    }

    /** @return everything below {@code folder}, as relative paths; empty when it is missing */
    static List<String> list(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    static void assertMissing(Path p) {
        assertTrue(!Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " must not exist");
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
