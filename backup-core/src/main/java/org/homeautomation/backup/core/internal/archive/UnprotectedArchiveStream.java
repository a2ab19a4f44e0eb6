package org.homeautomation.backup.core.internal.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.io.input.CountingInputStream;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.DamagedCiphertextException;

/**
 * The unprotected form of a protected archive, made on the fly while the protected one is read: {@code backup.json}
 * says {@code "protected": false} and each {@code <content>.tar.zst.age} becomes {@code <content>.tar.zst}, decrypted.
 * The result opens with {@code tar} and {@code zstd} alone.
 *
 * <p>{@link #open} checks the password on the first content before it returns, so that a wrong password fails
 * before a byte is written anywhere. Every chunk is authenticated before its bytes are passed on; a damaged or cut
 * archive fails the stream.
 */
public final class UnprotectedArchiveStream {
    private static final int MAX_MANIFEST_BYTES = 1 << 20;
    private static final long TAG = 16;
    private static final long SEALED_CHUNK = (64 << 10) + TAG;

    private UnprotectedArchiveStream() {
    }

    /**
     * @param protectedArchive the protected archive; read to its end, then closed with the result
     * @param backupId the backup it must be: an archive whose {@code backup.json} names another is refused
     * @param password the password
     * @param maxWorkFactor the largest scrypt work factor accepted
     * @return the unprotected archive
     * @throws org.homeautomation.backup.core.internal.crypto.WrongPassphraseException when the password is wrong
     * @throws ForeignArchiveException when the archive is another backup than {@code backupId}
     * @throws IOException when the archive is not a protected backup archive or is damaged
     */
    public static InputStream open(InputStream protectedArchive, String backupId, char[] password,
            int maxWorkFactor) throws IOException {
        boolean done = false;
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(protectedArchive, StandardCharsets.UTF_8.name());
            TarArchiveEntry first = tar.getNextEntry();
            if (first == null || !OuterTar.MANIFEST_NAME.equals(first.getName())
                    || first.getSize() > MAX_MANIFEST_BYTES) {
                throw new IOException("Not a backup archive: its first entry is not " + OuterTar.MANIFEST_NAME);
            }
            ArchiveManifest manifest;
            try {
                manifest = ArchiveManifest.fromJson(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IOException("The backup's " + OuterTar.MANIFEST_NAME + " is not valid: " + e.getMessage(),
                        e);
            }
            if (!manifest.id().equals(backupId)) {
                throw new ForeignArchiveException("the archive is backup " + manifest.id() + " (its "
                        + OuterTar.MANIFEST_NAME + " says so), not " + backupId);
            }
            if (!manifest.protectedBackup()) {
                throw new IOException("Backup " + manifest.id() + " is not protected");
            }
            OuterTar outer = new OuterTar(manifest.createdAt());
            ArchiveManifest clear = new ArchiveManifest(manifest.id(), manifest.name(), manifest.createdAt(), false,
                    manifest.formatVersion(), manifest.runtimeVersion(), manifest.contents(), manifest.extras());

            List<PieceStream.Piece> pieces = new ArrayList<>();
            byte[] manifestEntry = outer.manifestEntry(clear.toJson());
            pieces.add(() -> new ByteArrayInputStream(manifestEntry));
            // The first content is opened now: that checks the password before anything is returned.
            DecryptedEntry firstContent = manifest.contents().isEmpty() ? null
                    : DecryptedEntry.next(tar, manifest.contents().get(0), password, maxWorkFactor);
            for (int i = 0; i < manifest.contents().size(); i++) {
                String content = manifest.contents().get(i);
                DecryptedEntry[] entry = { i == 0 ? firstContent : null };
                pieces.add(() -> {
                    if (entry[0] == null) {
                        entry[0] = DecryptedEntry.next(tar, content, password, maxWorkFactor);
                    }
                    return new ByteArrayInputStream(outer.contentHeader(content, false, entry[0].plainSize));
                });
                pieces.add(() -> entry[0].data());
                pieces.add(() -> new ByteArrayInputStream(new byte[TarRecords.padding(entry[0].plainSize)]));
            }
            pieces.add(() -> {
                TarArchiveEntry extra = tar.getNextEntry();
                if (extra != null) {
                    throw new IOException("The backup archive holds an unexpected entry '" + extra.getName() + "'");
                }
                // Read to the very end, so that a digest check around the source sees all of it.
                IOUtils.consume(protectedArchive);
                return new ByteArrayInputStream(new byte[TarRecords.END_OF_ARCHIVE_LENGTH]);
            });
            InputStream result = new PieceStream(pieces, protectedArchive);
            done = true;
            return result;
        } finally {
            if (!done) {
                protectedArchive.close();
            }
        }
    }

    /** One content entry of the protected archive, its age header read and its password checked. */
    private static final class DecryptedEntry {
        private final AgeDecryptingInputStream decrypting;
        private final String content;
        private final long plainSize;

        private DecryptedEntry(AgeDecryptingInputStream decrypting, String content, long plainSize) {
            this.decrypting = decrypting;
            this.content = content;
            this.plainSize = plainSize;
        }

        static DecryptedEntry next(TarArchiveInputStream tar, String content, char[] password, int maxWorkFactor)
                throws IOException {
            TarArchiveEntry entry = tar.getNextEntry();
            String expected = content + OuterTar.PROTECTED_SUFFIX;
            if (entry == null || !expected.equals(entry.getName())) {
                throw new IOException("The backup archive ends or holds '" + (entry == null ? "nothing" : entry.getName())
                        + "' where " + expected + " was expected");
            }
            CountingInputStream counting = new CountingInputStream(CloseShieldInputStream.wrap(tar));
            AgeDecryptingInputStream decrypting = AgeDecryptingInputStream.open(counting, password, maxWorkFactor);
            long plain = plaintextSize(entry.getSize() - counting.getByteCount(), content);
            return new DecryptedEntry(decrypting, content, plain);
        }

        /*
         * The plaintext length of an age payload of {@code payload} bytes (after header and nonce): chunks of 64 KiB
         * each sealed with a 16-byte tag, the last one shorter and never empty unless it is the only one.
         */
        private static long plaintextSize(long payload, String content) throws IOException {
            long chunks = Math.max(1, (payload + SEALED_CHUNK - 1) / SEALED_CHUNK);
            long plain = payload - chunks * TAG;
            if (plain < 0) {
                throw new DamagedCiphertextException("Content " + content + " is damaged: its encrypted data is cut"
                        + " short");
            }
            return plain;
        }

        InputStream data() {
            return new InputStream() {
                private long left = plainSize;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = decrypting.read(b, off, len);
                    if (n < 0) {
                        if (left != 0) {
                            throw new IOException("Content " + content + " ended " + left + " bytes early");
                        }
                        return -1;
                    }
                    left -= n;
                    if (left < 0) {
                        throw new IOException("Content " + content + " is longer than its entry says");
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    decrypting.close();
                }
            };
        }
    }
}
