package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import com.github.luben.zstd.ZstdInputStream;

/** Reads archives back with Commons Compress and zstd-jni, independently of the writer's code. */
final class ArchiveReader {
    private ArchiveReader() {
    }

    /** One entry of a tar: its header, and its data when it is a small file. */
    record Entry(TarArchiveEntry header, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** @return the outer entries in archive order, with the data of each */
    static Map<String, Entry> outerEntries(Path archive) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            return entries(in, Long.MAX_VALUE);
        }
    }

    /** @return the entries of one content, in archive order, data read for files up to {@code maxData} bytes */
    static Map<String, Entry> contentEntries(Path archive, String content, long maxData) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream outer = new TarArchiveInputStream(file, StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry e = outer.getNextEntry(); e != null; e = outer.getNextEntry()) {
                if (e.getName().equals(content + ".tar.zst")) {
                    try (ZstdInputStream zstd = new ZstdInputStream(outer)) {
                        zstd.setContinuous(false);
                        return entries(zstd, maxData);
                    }
                }
            }
        }
        throw new AssertionError("No content " + content + " in " + archive);
    }

    static Map<String, Entry> contentEntries(Path archive, String content) throws IOException {
        return contentEntries(archive, content, 64L << 20);
    }

    private static Map<String, Entry> entries(InputStream in, long maxData) throws IOException {
        Map<String, Entry> result = new LinkedHashMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            byte[] data = new byte[0];
            if (e.isFile() && e.getSize() <= maxData) {
                data = tar.readAllBytes();
                assertEquals(e.getSize(), data.length, "data length of " + e.getName());
            }
            result.put(e.getName(), new Entry(e, data));
        }
        return result;
    }

    /** @return the names of the outer entries in archive order */
    static List<String> outerNames(Path archive) throws IOException {
        return new ArrayList<>(outerEntries(archive).keySet());
    }

    /** @return the SHA-256 of the file as {@code sha256sum} prints it, computed independently */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Asserts that the summary describes the file: size and digest. */
    static void assertSummaryMatchesFile(ArchiveSummary summary, Path archive) throws IOException {
        assertEquals(Files.size(archive), summary.size(), "size");
        assertEquals(sha256(archive), summary.sha256Hex(), "sha256");
        assertTrue(summary.sha256Hex().matches("[0-9a-f]{64}"), summary.sha256Hex());
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
