package org.homeautomation.backup.core.internal.restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;

import com.github.luben.zstd.ZstdOutputStream;

/**
 * A backup archive in the documented format, built by hand around content tars the test crafts (see
 * {@link TarBuilder}), so that a restore can be handed what no honest backup holds. Its metadata matches its bytes.
 */
public final class CraftedArchive {
    private final Map<String, byte[]> contents = new LinkedHashMap<>();
    private final String id;

    public CraftedArchive(String id) {
        this.id = id;
    }

    /** Adds a content whose plain tar is {@code tar}. */
    public CraftedArchive content(String name, byte[] tar) {
        contents.put(name, tar);
        return this;
    }

    public byte[] bytes() throws IOException {
        ArchiveManifest manifest = manifest();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, "backup.json", manifest.toJson().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> c : contents.entrySet()) {
                put(tar, c.getKey() + ".tar.zst", zstd(c.getValue()));
            }
        }
        return out.toByteArray();
    }

    /** @return metadata that matches {@code bytes}: their size and SHA-256 */
    public static BackupMetadata metadataOf(BackupMetadata template, byte[] bytes) {
        return template.toBuilder().size(bytes.length).sha256(sha256(bytes)).build();
    }

    /** @return the metadata of {@code bytes}, made by {@link #bytes()} */
    public BackupMetadata metadata(byte[] bytes) {
        return manifest().toMetadata(bytes.length, sha256(bytes));
    }

    private ArchiveManifest manifest() {
        return new ArchiveManifest(id, "crafted", Instant.parse("2024-01-02T03:04:05Z"), false, 1,
                "crafted by a test", new ArrayList<>(contents.keySet()), Map.of());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] zstd(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out, 3)) {
            z.setChecksum(true);
            z.write(plain);
        }
        return out.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(0644);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
