package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks a content's whole tar without writing anything, and refuses it when any entry is unsafe to unpack (see
 * {@link TarEntryRules}). Its totals tell the caller how much disk space unpacking would need. (A restore no longer
 * reads a content twice: {@link ContentExtractor} applies the same rules to every entry before writing it.)
 *
 * <p>Memory holds one map entry per name in the tar, never file data. Stateless; one instance may serve any number
 * of calls, also concurrently.
 */
public final class ContentTarVerifier {
    /** Makes a verifier. */
    public ContentTarVerifier() {
        // stateless
    }

    /**
     * Reads {@code tar} to its end, file data included, so that a checksum of the stream holding it is checked too.
     * The stream is not closed. Blocks while reading.
     *
     * @param content the content's name, for messages
     * @param tar the content's plain (decrypted, decompressed) tar
     * @return the number of entries and bytes of file data
     * @throws UnsafeArchiveException when an entry must not be unpacked; the message names the content, the entry
     *         and the reason
     * @throws IOException when the stream cannot be read or is not a valid tar
     */
    public ContentCheck verify(String content, InputStream tar) throws UnsafeArchiveException, IOException {
        return verify(content, tar, name -> {
        });
    }

    /**
     * As {@link #verify(String, InputStream)}, telling {@code reading} the name of each entry before it is checked
     * and read, and null once it has been read: what was being read when a failure came.
     */
    public ContentCheck verify(String content, InputStream tar, Consumer<String> reading)
            throws UnsafeArchiveException, IOException {
        TarEntryRules rules = new TarEntryRules(content);
        // Not closed: that would close the caller's stream.
        TarArchiveInputStream in = TarEntryRules.open(tar);
        TarArchiveEntry entry;
        while ((entry = rules.next(in)) != null) {
            reading.accept(entry.getName());
            if (rules.check(entry).kind() == TarEntryRules.Kind.FILE) {
                // Read, not skipped: a damaged or short entry shows here, not only when unpacking.
                TarEntryRules.drain(in);
            }
            reading.accept(null);
        }
        TarEntryRules.drain(tar);
        return rules.finish();
    }
}
