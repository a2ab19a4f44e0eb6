package org.homeautomation.backup.core.internal.browse;

import static org.homeautomation.backup.core.internal.archive.OuterTar.CONTENT_SUFFIX;
import static org.homeautomation.backup.core.internal.archive.OuterTar.MANIFEST_NAME;
import static org.homeautomation.backup.core.internal.archive.OuterTar.PROTECTED_SUFFIX;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.homeautomation.backup.api.BackupEntry;

import com.github.luben.zstd.ZstdInputStream;

/**
 * Reads an unprotected backup archive as it streams from an agent, content by content and entry by entry, without
 * writing anything: the outer tar, each {@code <content>.tar.zst} decompressed, and its tar's headers. Only the entry
 * read now is held, so memory does not depend on the archive's size. A content is read to its end before the next
 * (so zstd's checksum is checked), and {@link #finish()} reads the archive to its end (so the digest of the download
 * stream is checked).
 *
 * <p>Not thread-safe.
 */
final class ArchiveEntryReader implements Closeable {
    private final InputStream archive;
    private final TarArchiveInputStream outer;
    private final String description;
    private String content;
    private InputStream plainTar;
    private TarArchiveInputStream inner;
    private boolean started;

    /**
     * @param archive the unprotected archive; closed by {@link #close()}
     * @param description what is read, for messages: "backup X from agent 'y'"
     */
    ArchiveEntryReader(InputStream archive, String description) {
        this.archive = archive;
        this.outer = new TarArchiveInputStream(archive, StandardCharsets.UTF_8.name());
        this.description = description;
    }

    /**
     * Moves to the next content, reading the rest of the current one.
     *
     * @return the next content's name, or null after the last
     * @throws IOException when the archive is damaged or not a backup archive, or is still protected
     */
    String nextContent() throws IOException {
        endContent();
        TarArchiveEntry entry = outerEntry();
        if (!started) {
            started = true;
            if (entry == null || !MANIFEST_NAME.equals(entry.getName())) {
                throw new IOException(description + " is not a backup archive: its first entry is not "
                        + MANIFEST_NAME);
            }
            entry = outerEntry();
        }
        if (entry == null) {
            return null;
        }
        String name = entry.getName();
        if (name.endsWith(PROTECTED_SUFFIX)) {
            throw new IOException(description + " is protected and was read without its password");
        }
        if (!entry.isFile() || !name.endsWith(CONTENT_SUFFIX)) {
            throw new IOException(description + " holds an unexpected entry '" + name + "'");
        }
        content = name.substring(0, name.length() - CONTENT_SUFFIX.length());
        plainTar = new ZstdInputStream(CloseShieldInputStream.wrap(outer));
        inner = new TarArchiveInputStream(plainTar, StandardCharsets.UTF_8.name());
        return content;
    }

    /** @return the content read now, or null before the first and after the last */
    String content() {
        return content;
    }

    /** @return the current content's plain tar, for a caller that reads its entries itself; null between contents */
    InputStream contentTar() {
        return plainTar;
    }

    /**
     * @return the next entry of the current content, or null at its end
     * @throws IOException when the content is damaged or holds a device or pipe, which no backup holds
     */
    BackupEntry nextEntry() throws IOException {
        if (inner == null) {
            return null;
        }
        TarArchiveEntry e;
        try {
            e = inner.getNextEntry();
        } catch (IllegalArgumentException damaged) {
            throw new IOException("The tar of content '" + content + "' of " + description + " is damaged: "
                    + damaged.getMessage(), damaged);
        }
        if (e == null) {
            return null;
        }
        BackupEntry.Type type = typeOf(e);
        String link = switch (type) {
            case SYMLINK -> e.getLinkName();
            case HARD_LINK -> normalized(e.getLinkName());
            default -> null;
        };
        return BackupEntry.builder().content(content).path(normalized(e.getName())).type(type)
                .size(type == BackupEntry.Type.FILE ? (e.isSparse() ? e.getRealSize() : e.getSize()) : 0)
                .mode(e.getMode()).modified(e.getLastModifiedTime().toInstant()).linkTarget(link).build();
    }

    /** @return the SHA-256 of the current entry's data, read through; the data is then used up */
    byte[] digestOfData() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = inner.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    /** Reads the archive to its end, so that damage anywhere in it (its digest, a cut) is found. */
    void finish() throws IOException {
        while (nextContent() != null) {
            // each content is read through by nextContent
        }
        archive.transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public void close() throws IOException {
        archive.close();
    }

    private TarArchiveEntry outerEntry() throws IOException {
        try {
            return outer.getNextEntry();
        } catch (IllegalArgumentException damaged) {
            throw new IOException(description + " is damaged: " + damaged.getMessage(), damaged);
        }
    }

    /** Reads the rest of the current content, so that zstd checks its checksum at the end of the frame. */
    void endContent() throws IOException {
        if (plainTar != null) {
            plainTar.transferTo(OutputStream.nullOutputStream());
            plainTar.close();
        }
        plainTar = null;
        inner = null;
        content = null;
    }

    private BackupEntry.Type typeOf(TarArchiveEntry e) throws IOException {
        if (e.isDirectory()) {
            return BackupEntry.Type.FOLDER;
        }
        if (e.isSymbolicLink()) {
            return BackupEntry.Type.SYMLINK;
        }
        if (e.isLink()) {
            return BackupEntry.Type.HARD_LINK;
        }
        if (e.isFile()) {
            return BackupEntry.Type.FILE;
        }
        throw new IOException("Entry '" + e.getName() + "' of content '" + content + "' of " + description
                + " is a device, a named pipe or of an unknown type, which backups never hold");
    }

    /** @return the name without '.' and empty segments or a trailing '/'; empty for the content's folder */
    static String normalized(String name) {
        StringBuilder path = new StringBuilder(name.length());
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(segment);
        }
        return path.toString();
    }
}
