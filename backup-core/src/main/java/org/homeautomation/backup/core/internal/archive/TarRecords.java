package org.homeautomation.backup.core.internal.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * The header records of tar entries, made by Commons Compress. The writer places an entry's data behind its header
 * itself, so that file data goes to zstd in large blocks instead of through a stream of 512-byte records.
 *
 * <p>Every header is POSIX (pax): names of 100 bytes or more, non-ASCII names and link targets go into a PAX
 * {@code path} or {@code linkpath} record, and numbers too large for the ustar fields (sizes of 8 GiB or more)
 * into PAX records as well. Names are UTF-8.
 *
 * <p>Most entries need no PAX record, and for those the single ustar record is written by
 * {@link TarArchiveEntry#writeEntryHeader} directly: setting up a {@link TarArchiveOutputStream} per entry costs
 * more than the rest of archiving a small file, most of all in a JVM that has not compiled it yet. The result is the
 * same record that {@link TarArchiveOutputStream} writes for such an entry.
 */
final class TarRecords {
    /** The size of a tar record. */
    static final int RECORD = 512;
    /** Two zero records end a tar archive. */
    static final int END_OF_ARCHIVE_LENGTH = 2 * RECORD;

    private static final ZipEncoding UTF_8 = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8.name());

    private TarRecords() {
    }

    /** @return the records that introduce {@code entry}: a PAX extended header when needed, then the ustar header */
    static byte[] header(TarArchiveEntry entry) {
        if (!fitsUstar(entry)) {
            return headerViaStream(entry);
        }
        byte[] record = new byte[RECORD];
        try {
            entry.writeEntryHeader(record, UTF_8, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding as UTF-8 does not fail", e);
        }
        return record;
    }

    /** @return the records as {@link TarArchiveOutputStream} writes them, PAX extended header included */
    static byte[] headerViaStream(TarArchiveEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(3 * RECORD);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        try {
            // Writes the header records at once; the stream is then dropped, the data is placed by the caller.
            tar.putArchiveEntry(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    /** @return how many zero bytes follow {@code size} bytes of entry data to fill its last record */
    static int padding(long size) {
        return (int) ((RECORD - size % RECORD) % RECORD);
    }

    /*
     * The cases in which TarArchiveOutputStream (long names POSIX, big numbers POSIX, PAX for non-ASCII names) adds a
     * PAX extended header; for anything else it writes the ustar record alone.
     */
    private static boolean fitsUstar(TarArchiveEntry e) {
        FileTime mtime = e.getLastModifiedTime();
        long seconds = mtime.toInstant().getEpochSecond();
        return shortAscii(e.getName()) && shortAscii(e.getLinkName())
                && e.getSize() >= 0 && e.getSize() <= TarConstants.MAXSIZE
                && e.getLongUserId() >= 0 && e.getLongUserId() <= TarConstants.MAXID
                && e.getLongGroupId() >= 0 && e.getLongGroupId() <= TarConstants.MAXID
                && mtime.toInstant().getNano() == 0 && seconds >= 0 && seconds <= TarConstants.MAXSIZE
                && e.getLastAccessTime() == null && e.getStatusChangeTime() == null && e.getCreationTime() == null
                && e.getDevMajor() == 0 && e.getDevMinor() == 0 && e.getExtraPaxHeaders().isEmpty();
    }

    private static boolean shortAscii(String s) {
        if (s == null) {
            return true;
        }
        if (s.length() >= TarConstants.NAMELEN) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
