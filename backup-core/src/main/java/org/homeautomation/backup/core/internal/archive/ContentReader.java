package org.homeautomation.backup.core.internal.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;

import com.github.luben.zstd.ZstdInputStream;

/**
 * Reads one content of an archive on disk as its plain tar: decrypted when the archive is protected, and
 * decompressed. Damage shows as an {@link IOException} while reading: zstd's checksum, age's authentication, a cut
 * stream.
 */
public final class ContentReader {
    private static final int BUFFER = 1 << 16;

    private ContentReader() {
    }

    /**
     * @param layout the archive
     * @param content the content's name
     * @param password the password of a protected archive; ignored for an unprotected one
     * @param maxWorkFactor the largest scrypt work factor accepted
     * @return the content's tar; the caller closes it
     * @throws org.homeautomation.backup.core.internal.crypto.WrongPassphraseException when the password is wrong
     * @throws IOException when the content is not in the archive or cannot be read
     */
    public static InputStream open(ArchiveLayout layout, String content, char[] password, int maxWorkFactor)
            throws IOException {
        ArchiveLayout.ContentEntry entry = layout.content(content).orElseThrow(() -> new IOException(
                "Backup " + layout.manifest().id() + " has no content '" + content + "'"));
        InputStream in = FileRange.open(layout.file(), entry.dataOffset(), entry.size());
        try {
            if (entry.encrypted()) {
                if (password == null) {
                    throw new IOException("Content " + content + " is encrypted and no password was given");
                }
                in = AgeDecryptingInputStream.open(in, password, maxWorkFactor);
            }
            return new BufferedInputStream(new ZstdInputStream(in), BUFFER);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
