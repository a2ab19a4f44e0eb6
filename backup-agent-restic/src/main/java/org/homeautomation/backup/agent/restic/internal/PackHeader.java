package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;

/**
 * Reads the header at the end of a pack file (restic's design document, "Pack Format"): what blobs it holds and
 * where, without reading the blobs. Used for packs that no index names yet.
 */
final class PackHeader {
    /** More blobs than this in one pack is not a pack restic or we write. */
    private static final int MAX_HEADER = 16 * 1024 * 1024;

    private PackHeader() {
    }

    /**
     * @return the pack's blobs
     * @throws RepositoryException when the file is not a whole pack sealed with this repository's key
     */
    static List<BlobLocation> read(Repository repository, String packId) throws IOException, RepositoryException {
        long size = repository.storage().size(FileType.PACK, packId);
        if (size < 4 + MasterKey.OVERHEAD) {
            throw notAPack(repository, packId, "it is too short");
        }
        int headerLength = ByteBuffer.wrap(repository.storage().readRange(packId, size - 4, 4))
                .order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (headerLength < MasterKey.OVERHEAD || headerLength > MAX_HEADER || headerLength > size - 4) {
            throw notAPack(repository, packId, "its header length is out of range");
        }
        long headerStart = size - 4 - headerLength;
        byte[] header;
        try {
            header = repository.key().open(repository.storage().readRange(packId, headerStart, headerLength));
        } catch (MasterKey.WrongKeyException e) {
            throw notAPack(repository, packId, "its header " + e.getMessage());
        }
        ByteBuffer entries = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        List<BlobLocation> blobs = new ArrayList<>();
        long offset = 0;
        try {
            while (entries.hasRemaining()) {
                int kind = entries.get();
                if (kind < 0 || kind > 3) {
                    throw notAPack(repository, packId, "its header has the unknown blob type " + kind);
                }
                BlobType type = (kind & 1) == 0 ? BlobType.DATA : BlobType.TREE;
                int length = entries.getInt();
                int uncompressed = kind >= 2 ? entries.getInt() : 0;
                byte[] id = new byte[32];
                entries.get(id);
                if (length < MasterKey.OVERHEAD) {
                    throw notAPack(repository, packId, "its header names a blob shorter than its IV and MAC");
                }
                blobs.add(new BlobLocation(HexFormat.of().formatHex(id), type, packId, offset, length, uncompressed));
                offset += length;
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw notAPack(repository, packId, "its header ends inside an entry");
        }
        if (offset != headerStart) {
            throw notAPack(repository, packId, "its blobs do not end where its header starts");
        }
        return blobs;
    }

    private static RepositoryException notAPack(Repository repository, String packId, String why) {
        return new RepositoryException(RepositoryException.Reason.DAMAGED, "The file data/" + packId.substring(0, 2)
                + "/" + packId + " of the restic repository " + repository.storage().location()
                + " is not a whole pack ("
                + why + ")");
    }
}
