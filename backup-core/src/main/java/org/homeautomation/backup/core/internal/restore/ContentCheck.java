package org.homeautomation.backup.core.internal.restore;

/**
 * What a content's tar holds, as counted by {@link ContentTarVerifier} or {@link ContentExtractor}.
 *
 * @param content the content's name
 * @param entries the number of entries: folders, files, symbolic and hard links
 * @param fileBytes the total size of the regular files' data
 */
public record ContentCheck(String content, long entries, long fileBytes) {
    /**
     * The disk space counted per entry on top of the data: a file's last block is filled up to the file system's
     * block size (4 KiB on most), and every folder takes at least one block.
     */
    public static final long ENTRY_OVERHEAD_BYTES = 4096;

    /**
     * @return an estimate of the disk space that unpacking the content takes: the file data plus
     *         {@link #ENTRY_OVERHEAD_BYTES} per entry; {@link Long#MAX_VALUE} when that does not fit a long
     */
    public long bytesNeeded() {
        try {
            return Math.addExact(fileBytes, Math.multiplyExact(entries, ENTRY_OVERHEAD_BYTES));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
