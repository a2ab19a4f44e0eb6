package org.homeautomation.backup.core.internal.restore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Crafts content tars in memory, including entries no honest archiver writes: names are stored exactly as given
 * (absolute ones included), every entry type can be written.
 */
public final class TarBuilder {
    public static final Instant TIME = Instant.parse("2010-01-02T03:04:05Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());

    public TarBuilder() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    public TarBuilder file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TarBuilder file(String name, byte[] data, int mode) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode);
        e.setSize(data.length);
        return put(e, data);
    }

    /** A file with its own modification time, to tell backups apart by time. */
    public TarBuilder file(String name, String text, Instant modified) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
        e.setSize(data.length);
        e.setLastModifiedTime(FileTime.from(modified));
        return put(e, data);
    }

    public TarBuilder folder(String name) {
        return put(entry(name, TarConstants.LF_DIR, 0755), null);
    }

    public TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777);
        e.setLinkName(target);
        return put(e, null);
    }

    public TarBuilder hardLink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644);
        e.setLinkName(target);
        return put(e, null);
    }

    /** An entry of any type, without data. */
    public TarBuilder special(String name, byte type) {
        return put(entry(name, type, 0644), null);
    }

    public byte[] bytes() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public InputStream stream() {
        return new ByteArrayInputStream(bytes());
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setLastModifiedTime(FileTime.from(TIME));
        e.setUserId(0);
        e.setGroupId(0);
        return e;
    }

    private TarBuilder put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }
}
