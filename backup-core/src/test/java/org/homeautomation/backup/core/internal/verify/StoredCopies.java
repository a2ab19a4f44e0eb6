package org.homeautomation.backup.core.internal.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.archive.ArchiveLayout;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.archive.ArchiveSummary;
import org.homeautomation.backup.core.internal.archive.ArchiveWriter;
import org.homeautomation.backup.core.internal.archive.ContentSource;
import org.homeautomation.backup.core.internal.archive.ProtectedArchive;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;

/**
 * Real archives on disk for the verification tests, written by the real {@link ArchiveWriter} (and protected by the
 * real {@link ProtectedArchive}) from two trees, each content large enough for several zstd frames and age chunks;
 * and the damage the tests do to a stored copy: a flipped byte, a cut, a content left out.
 */
final class StoredCopies {
    static final String PASSWORD = "verify me, if you can";
    static final int TEST_WORK_FACTOR = 10;

    /** A stored copy: its file and the metadata its agent holds. */
    record Copy(Path file, BackupMetadata metadata) {
    }

    private StoredCopies() {
    }

    /** Writes the trees below {@code dir} and their unprotected archive. */
    static Copy unprotected(Path dir, String backupId) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("src/etc"));
        Path data = Files.createDirectories(dir.resolve("src/data"));
        Files.writeString(etc.resolve("settings.cfg"), "port=8080\n");
        Files.createDirectories(etc.resolve("nested/deeper"));
        Files.writeString(etc.resolve("nested/deeper/items.json"), "{\"Lamp\": \"ON\"}");
        Files.write(data.resolve("big.bin"), mixedBytes(700 * 1024, 3));
        Files.write(data.resolve("other.bin"), mixedBytes(300 * 1024, 5));
        ArchiveManifest manifest = new ArchiveManifest(backupId, "verify test", Instant.parse(
                "2026-12-01T10:00:00Z"), false, 1, "test", List.of("etc", "data"), Map.of());
        Path file = dir.resolve(backupId + ".tar");
        ArchiveSummary summary = new ArchiveWriter(3, 1, UnreadableFilePolicy.FAIL).write(file, manifest,
                List.of(new ContentSource("etc", etc), new ContentSource("data", data)));
        return new Copy(file, manifest.toMetadata(summary.size(), summary.sha256Hex()));
    }

    /** Writes the protected form of an unprotected copy beside it. */
    static Copy protect(Copy clear) throws IOException {
        Path file = clear.file().resolveSibling(clear.metadata().id() + ".protected.tar");
        try (ProtectedArchive archive = new ProtectedArchive(ArchiveLayout.read(clear.file()),
                PASSWORD.toCharArray(), TEST_WORK_FACTOR, new SecureRandom());
                InputStream in = archive.open(); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
            BackupMetadata m = clear.metadata().toBuilder().protectedBackup(true).size(archive.size())
                    .sha256(archive.sha256Hex()).build();
            return new Copy(file, m);
        }
    }

    /** @return where the data of a content's entry starts in the copy, and its length */
    static long[] contentData(Copy copy, String content) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(copy.file()),
                StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().startsWith(content + ".tar.zst")) {
                    return new long[] { e.getDataOffset(), e.getSize() };
                }
            }
        }
        throw new IllegalArgumentException("no content " + content + " in " + copy.file());
    }

    /** Flips every bit of one byte of the file in place. */
    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.toIntExact(offset)] ^= (byte) 0xff;
        Files.write(file, bytes);
    }

    /** Cuts the file to its first {@code length} bytes. */
    static void cut(Path file, long length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, Math.toIntExact(length)));
    }

    /** Rewrites the outer tar without the content's entry; the metadata is left as it was. */
    static void removeContent(Path file, String content) throws IOException {
        rewriteContent(file, content, null);
    }

    /**
     * Rewrites the outer tar with the content's compressed tar replaced by {@code plainTar}, compressed, and gives
     * the copy metadata that matches it: a copy whose bytes are all as its metadata says, as a foreign or tampered
     * archive would be.
     */
    static Copy withContentTar(Copy copy, String content, byte[] plainTar) throws IOException {
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (OutputStream zstd = new com.github.luben.zstd.ZstdOutputStream(compressed)) {
            zstd.write(plainTar);
        }
        rewriteContent(copy.file(), content, compressed.toByteArray());
        return new Copy(copy.file(), copy.metadata().toBuilder().size(Files.size(copy.file()))
                .sha256(sha256(copy.file())).build());
    }

    /** Rewrites the outer tar with the content's entry holding {@code replacement}, or without it when null. */
    private static void rewriteContent(Path file, String content, byte[] replacement) throws IOException {
        Path rewritten = file.resolveSibling(file.getFileName() + ".rewritten");
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(file),
                StandardCharsets.UTF_8.name());
                TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(rewritten),
                        StandardCharsets.UTF_8.name())) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!e.getName().startsWith(content + ".tar.zst")) {
                    out.putArchiveEntry(e);
                    in.transferTo(out);
                } else if (replacement != null) {
                    // A new header: the input reads past the old entry by the old one's size.
                    TarArchiveEntry header = new TarArchiveEntry(e.getName());
                    header.setModTime(e.getModTime());
                    header.setSize(replacement.length);
                    out.putArchiveEntry(header);
                    out.write(replacement);
                } else {
                    continue;
                }
                out.closeArchiveEntry();
            }
        }
        Files.move(rewritten, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Half random, half repetitive bytes: compressible, but not to nothing. */
    private static byte[] mixedBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        Random random = new Random(seed);
        for (int i = 0; i < size; i += 4096) {
            int n = Math.min(4096, size - i);
            if ((i / 4096) % 2 == 0) {
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, bytes, i, n);
            } else {
                java.util.Arrays.fill(bytes, i, i + n, (byte) ('a' + (i / 4096) % 26));
            }
        }
        return bytes;
    }
}
