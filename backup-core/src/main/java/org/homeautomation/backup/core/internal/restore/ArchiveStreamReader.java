package org.homeautomation.backup.core.internal.restore;

import static org.homeautomation.backup.core.internal.archive.OuterTar.CONTENT_SUFFIX;
import static org.homeautomation.backup.core.internal.archive.OuterTar.MANIFEST_NAME;
import static org.homeautomation.backup.core.internal.archive.OuterTar.PROTECTED_SUFFIX;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.upload.DamagedArchiveException;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;

import com.github.luben.zstd.ZstdInputStream;

/**
 * Reads a backup archive once, front to back, as an agent streams it (the format of {@code docs/archive-format.md}):
 * its {@code backup.json}, then each content as its plain tar, decrypted and decompressed, while the SHA-256 and the
 * size of the whole stream are computed. Nothing is stored on the way, so a restore needs no staging copy.
 *
 * <p>What is read before {@link #finish()} has returned is not yet known to be the archive the metadata describes:
 * the caller writes it only where it can discard it (the hidden folders beside the live ones).
 *
 * <p>Memory holds the buffers of one content's reading, decryption and decompression, whatever the archive's size.
 * Each of these stages runs on a thread of its own while a content is read ({@link ReadAheadInputStream}); its stream
 * must be closed before the next content is asked for. Not thread-safe.
 */
final class ArchiveStreamReader implements AutoCloseable {
    /** The largest {@code backup.json} read; a real one is a few hundred bytes. */
    private static final int MAX_MANIFEST_BYTES = 1 << 20;
    private static final int BUFFER = 1 << 16;

    /**
     * One content of the archive, positioned at its data.
     *
     * @param name the content's name
     * @param encrypted whether it is age-encrypted
     * @param size its size in the archive (compressed, and encrypted when it is)
     */
    record Content(String name, boolean encrypted, long size) {
    }

    private final DigestCheckingInputStream digesting;
    private final TarArchiveInputStream outer;
    private final ArchiveManifest manifest;
    private final String description;
    private int nextIndex;
    private Content current;

    private ArchiveStreamReader(DigestCheckingInputStream digesting, TarArchiveInputStream outer,
            ArchiveManifest manifest, String description) {
        this.digesting = digesting;
        this.outer = outer;
        this.manifest = manifest;
        this.description = description;
    }

    /**
     * Reads the archive's {@code backup.json}.
     *
     * @param raw the archive as the agent streams it; closed by {@link #close()}
     * @param metadata what the agent says of it: its size and digest are checked by {@link #finish()}
     * @param description what is read, for messages: "backup X from agent 'Y'"
     * @throws IOException when the stream cannot be read or does not start with a valid {@code backup.json}
     */
    static ArchiveStreamReader open(InputStream raw, BackupMetadata metadata, String description)
            throws IOException {
        DigestCheckingInputStream digesting = new DigestCheckingInputStream(raw, metadata.sha256(),
                metadata.size(), description);
        TarArchiveInputStream outer = new TarArchiveInputStream(new BufferedInputStream(digesting, BUFFER),
                StandardCharsets.UTF_8.name());
        try {
            TarArchiveEntry first = nextEntry(outer);
            if (first == null || !MANIFEST_NAME.equals(first.getName())) {
                throw new IOException("it is not a backup archive: its first entry is not " + MANIFEST_NAME);
            }
            if (first.getSize() > MAX_MANIFEST_BYTES) {
                throw new IOException("it is not a backup archive: its " + MANIFEST_NAME + " has " + first.getSize()
                        + " bytes");
            }
            ArchiveManifest manifest;
            try {
                manifest = ArchiveManifest.fromJson(new String(outer.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IOException("its " + MANIFEST_NAME + " is not valid: " + e.getMessage(), e);
            }
            return new ArchiveStreamReader(digesting, outer, manifest, description);
        } catch (IOException | RuntimeException e) {
            outer.close();
            throw e;
        }
    }

    /** @return the archive's {@code backup.json} (not yet known to be intact before {@link #finish()}) */
    ArchiveManifest manifest() {
        return manifest;
    }

    /**
     * Moves to the next content, skipping (but digesting) the rest of the current one.
     *
     * @return the next content, or null after the last one
     * @throws IOException when the archive holds something else than the contents its {@code backup.json} lists, in
     *         that order, all encrypted when it is protected and none otherwise
     */
    Content next() throws IOException {
        TarArchiveEntry entry = nextEntry(outer);
        List<String> listed = manifest.contents();
        if (entry == null) {
            if (nextIndex < listed.size()) {
                throw new IOException("it ends before content " + listed.get(nextIndex) + ", which its "
                        + MANIFEST_NAME + " lists");
            }
            current = null;
            return null;
        }
        String name = entry.getName();
        boolean encrypted = name.endsWith(PROTECTED_SUFFIX);
        String suffix = encrypted ? PROTECTED_SUFFIX : CONTENT_SUFFIX;
        if (!entry.isFile() || !name.endsWith(suffix)) {
            throw new IOException("it holds an unexpected entry '" + name + "'");
        }
        String content = name.substring(0, name.length() - suffix.length());
        if (nextIndex >= listed.size() || !listed.get(nextIndex).equals(content)) {
            throw new IOException("its contents are not those its " + MANIFEST_NAME + " lists " + listed
                    + ": content " + content + " comes " + (nextIndex + 1) + ".");
        }
        if (encrypted != manifest.protectedBackup()) {
            throw new IOException("content " + content + " is " + (encrypted ? "" : "not ") + "encrypted, though its "
                    + MANIFEST_NAME + " says protected=" + manifest.protectedBackup());
        }
        nextIndex++;
        current = new Content(content, encrypted, entry.getSize());
        return current;
    }

    /**
     * Opens the current content as its plain tar. The password is checked first, from the content's age header,
     * before anything else is read.
     *
     * @param password the password of a protected archive; ignored for an unprotected one
     * @param maxWorkFactor the largest scrypt work factor accepted
     * @return the plain tar; close it before calling {@link #next()} again; closing it does not close the archive
     * @throws org.homeautomation.backup.core.internal.crypto.WrongPassphraseException when the password is wrong
     * @throws IOException when the content cannot be read
     */
    InputStream openContent(char[] password, int maxWorkFactor) throws IOException {
        if (current == null) {
            throw new IllegalStateException("no current content; call next() first");
        }
        if (current.encrypted() && password == null) {
            throw new IOException("content " + current.name() + " is encrypted and no password was given");
        }
        // Each stage on a thread of its own: reading and digesting, decrypting, decompressing; the caller unpacks.
        String name = current.name();
        InputStream in = new ReadAheadInputStream(new EntryData(outer), "backup-restore-read-" + name);
        try {
            if (current.encrypted()) {
                // The header, with the password's check, is read here, before anything of the content is handed on.
                in = new ReadAheadInputStream(AgeDecryptingInputStream.open(in, password, maxWorkFactor),
                        "backup-restore-decrypt-" + name);
            }
            return new ContentData(name, new ReadAheadInputStream(new ZstdInputStream(in),
                    "backup-restore-decompress-" + name));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reading a content failed: the archive is damaged (or cut), as opposed to writing what was read. */
    static final class ContentReadException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String content;

        ContentReadException(String content, IOException cause) {
            super(cause.getMessage(), cause);
            this.content = content;
        }

        /** @return the content being read */
        String content() {
            return content;
        }
    }

    /* Marks the failures of reading a content, so that they are told apart from those of writing it. */
    private static final class ContentData extends java.io.FilterInputStream {
        private final String content;

        ContentData(String content, InputStream in) {
            super(in);
            this.content = content;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new ContentReadException(content, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new ContentReadException(content, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw new ContentReadException(content, e);
            }
        }
    }

    /**
     * Reads the archive to its end and checks its size and SHA-256 against the metadata.
     *
     * @throws DamagedArchiveException when they differ
     * @throws IOException when reading fails, or a content the {@code backup.json} lists is missing
     */
    void finish() throws IOException {
        while (next() != null) {
            // skipped, digested
        }
        outer.transferTo(OutputStream.nullOutputStream());
        digesting.transferTo(OutputStream.nullOutputStream());
    }

    /**
     * After a failure, reads what remains of the archive (no more than its declared size) to learn whether the copy
     * itself is damaged, which explains the failure better than the error it caused.
     *
     * @return the damage found, or null when the copy's size and digest are right or cannot be checked
     */
    DamagedArchiveException damage() {
        try {
            digesting.transferTo(OutputStream.nullOutputStream());
            return null;
        } catch (DamagedArchiveException e) {
            return e;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return what is read, as given */
    String description() {
        return description;
    }

    @Override
    public void close() throws IOException {
        outer.close();
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new IOException("its outer tar is damaged: " + e.getMessage(), e);
        }
    }

    /** The current entry's data; closing it leaves the archive open. */
    private static final class EntryData extends java.io.FilterInputStream {
        EntryData(TarArchiveInputStream outer) {
            super(outer);
        }

        @Override
        public void close() {
            // the archive stays open for the next content
        }
    }
}
