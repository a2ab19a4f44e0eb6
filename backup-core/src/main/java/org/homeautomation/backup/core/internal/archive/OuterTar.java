package org.homeautomation.backup.core.internal.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The entries of the outer tar: {@code backup.json} and one {@code <content>.tar.zst} per content.
 *
 * <p>A content's header is written before its compressed size is known: the writer leaves a gap for it and patches
 * it afterwards. That only works if the header's length does not depend on the size. A plain ustar header holds
 * sizes below 8 GiB, and a larger one needs a PAX extended header in front of it, which would make the header 1 KiB
 * longer. So every content entry carries a PAX extended header from the start, with a {@code comment} record (which
 * every tar ignores, by the standard); a size record, when needed, then fits into the same 512-byte block.
 */
public final class OuterTar {
    /** The name of the archive's first entry, its manifest. */
    public static final String MANIFEST_NAME = "backup.json";
    /** What a content's entry name ends with: {@code <content>.tar.zst}. */
    public static final String CONTENT_SUFFIX = ".tar.zst";
    /** What a protected content's entry name ends with: {@code <content>.tar.zst.age}. */
    public static final String PROTECTED_SUFFIX = ".tar.zst.age";
    static final String CONTENT_COMMENT = "zstd-compressed POSIX tar of one backup content, see backup.json";
    static final String PROTECTED_COMMENT = "age-encrypted zstd-compressed POSIX tar of one backup content,"
            + " see backup.json";

    private static final int FILE_MODE = 0644;
    private static final long LARGEST_SIZE = 1L << 62;

    private final FileTime time;

    /** @param createdAt the time all outer entries carry, cut to whole seconds */
    OuterTar(Instant createdAt) {
        this.time = FileTime.from(createdAt.truncatedTo(ChronoUnit.SECONDS));
    }

    /** @return the whole {@code backup.json} entry: header, data and padding */
    byte[] manifestEntry(String json) {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        byte[] header = TarRecords.header(entry(MANIFEST_NAME, data.length));
        byte[] all = new byte[header.length + data.length + TarRecords.padding(data.length)];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(data, 0, all, header.length, data.length);
        return all;
    }

    /** @return the length of the header of a content entry, whatever its size */
    int contentHeaderLength(String contentName) {
        int small = contentHeader(contentName, 0).length;
        int large = contentHeader(contentName, LARGEST_SIZE).length;
        if (small != large) {
            throw new IllegalStateException("The header of content " + contentName + " would change length with its"
                    + " size (" + small + " or " + large + " bytes)");
        }
        return small;
    }

    /** @return the header records of a content entry whose data is {@code size} bytes */
    byte[] contentHeader(String contentName, long size) {
        return contentHeader(contentName, false, size);
    }

    /**
     * @param contentName the content
     * @param encrypted whether the entry holds the content encrypted ({@code <name>.tar.zst.age})
     * @param size the entry's data size
     * @return the header records of the content's entry
     */
    byte[] contentHeader(String contentName, boolean encrypted, long size) {
        TarArchiveEntry entry = entry(contentName + (encrypted ? PROTECTED_SUFFIX : CONTENT_SUFFIX), size);
        entry.addPaxHeader("comment", encrypted ? PROTECTED_COMMENT : CONTENT_COMMENT);
        return TarRecords.header(entry);
    }

    private TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(FILE_MODE);
        entry.setSize(size);
        entry.setLastModifiedTime(time);
        return entry;
    }
}
