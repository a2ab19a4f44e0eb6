package org.homeautomation.backup.core.internal.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.core.internal.crypto.AgeEncryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.AgeFileKey;

/**
 * The protected form of an unprotected archive on disk, made on the fly: {@code backup.json} says
 * {@code "protected": true} and each {@code <content>.tar.zst} becomes {@code <content>.tar.zst.age}, the same bytes
 * encrypted in the age format with the password. Nothing is written to disk.
 *
 * <p>The keys are drawn once, when this object is made, so every {@link #open()} gives the same bytes: an agent may
 * read the source more than once (to retry), and {@link #sha256Hex()} digests the very bytes the agents get.
 * {@link #close()} wipes the keys.
 */
public final class ProtectedArchive implements BackupSource, AutoCloseable {
    /** The scrypt work factor of new protected backups, see {@link AgeFileKey}. */
    public static final int DEFAULT_WORK_FACTOR = AgeFileKey.DEFAULT_LOG_N;
    private final ArchiveLayout layout;
    private final byte[] manifestEntry;
    private final Map<ArchiveLayout.ContentEntry, AgeFileKey> keys = new LinkedHashMap<>();
    private final long size;
    private final OuterTar outer;
    private String sha256;

    /**
     * @param layout the unprotected archive
     * @param password the password; not kept
     * @param workFactor the scrypt work factor (log2 N) of the password stanza
     * @param random the source of keys and salts
     * @throws IOException when the archive is already protected
     */
    public ProtectedArchive(ArchiveLayout layout, char[] password, int workFactor, SecureRandom random)
            throws IOException {
        ArchiveManifest clear = layout.manifest();
        if (clear.protectedBackup()) {
            throw new IOException("Backup " + clear.id() + " is protected already");
        }
        this.layout = layout;
        this.outer = new OuterTar(clear.createdAt());
        ArchiveManifest manifest = new ArchiveManifest(clear.id(), clear.name(), clear.createdAt(), true,
                clear.formatVersion(), clear.runtimeVersion(), clear.contents(), clear.extras());
        this.manifestEntry = outer.manifestEntry(manifest.toJson());
        long total = manifestEntry.length + TarRecords.END_OF_ARCHIVE_LENGTH;
        for (ArchiveLayout.ContentEntry c : layout.contents()) {
            AgeFileKey key = AgeFileKey.generate(password, workFactor, random);
            keys.put(c, key);
            long encrypted = key.encryptedSize(c.size());
            total += outer.contentHeaderLength(c.name()) + encrypted + TarRecords.padding(encrypted);
        }
        this.size = total;
    }

    /** @return the id of the backup */
    public String backupId() {
        return layout.manifest().id();
    }

    @Override
    public InputStream open() throws IOException {
        List<PieceStream.Piece> pieces = new ArrayList<>();
        pieces.add(() -> new ByteArrayInputStream(manifestEntry));
        for (Map.Entry<ArchiveLayout.ContentEntry, AgeFileKey> e : keys.entrySet()) {
            ArchiveLayout.ContentEntry c = e.getKey();
            AgeFileKey key = e.getValue();
            long encrypted = key.encryptedSize(c.size());
            pieces.add(() -> new ByteArrayInputStream(outer.contentHeader(c.name(), true, encrypted)));
            pieces.add(() -> new AgeEncryptingInputStream(FileRange.open(layout.file(), c.dataOffset(), c.size()),
                    key));
            pieces.add(() -> new ByteArrayInputStream(new byte[TarRecords.padding(encrypted)]));
        }
        pieces.add(() -> new ByteArrayInputStream(new byte[TarRecords.END_OF_ARCHIVE_LENGTH]));
        return new PieceStream(pieces);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Optional<Path> file() {
        return Optional.empty();
    }

    /**
     * The SHA-256 digest of the protected archive, computed on first use by encrypting it once.
     *
     * @return the digest as 64 lower-case hex digits
     * @throws IOException when the unprotected archive cannot be read
     */
    public synchronized String sha256Hex() throws IOException {
        if (sha256 == null) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java runtime has SHA-256", e);
            }
            byte[] buffer = new byte[1 << 16];
            long read = 0;
            try (InputStream in = open()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    digest.update(buffer, 0, n);
                    read += n;
                }
            }
            if (read != size) {
                throw new IOException("The protected archive of backup " + backupId() + " came out " + read
                        + " bytes long instead of " + size + ". This is a defect of the backup manager.");
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
        return sha256;
    }

    /** Wipes the keys; the archive cannot be opened afterwards. */
    @Override
    public void close() {
        keys.values().forEach(AgeFileKey::destroy);
    }

    @Override
    public String toString() {
        return "ProtectedArchive[" + backupId() + ", " + size + " bytes]";
    }
}
