package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;

/**
 * Reads blobs from packs by the index's location: one read of the blob's bytes, then the MAC is checked, the blob
 * decrypted and decompressed, and its SHA-256 compared with its id, so that what we return is what was stored.
 */
final class BlobReader {
    /** restic's largest chunk; trees are smaller in practice, and anything larger is not a blob restic writes. */
    private static final int MAX_BLOB = 64 * 1024 * 1024;

    private final Repository repository;

    BlobReader(Repository repository) {
        this.repository = repository;
    }

    /**
     * @throws RepositoryException when the blob's bytes are damaged (MAC, compression or hash)
     * @throws IOException when the pack cannot be read
     */
    byte[] read(BlobLocation blob) throws IOException, RepositoryException {
        if (blob.length() < MasterKey.OVERHEAD || blob.length() > MAX_BLOB || blob.uncompressedLength() > MAX_BLOB
                || blob.uncompressedLength() < 0) {
            throw damaged(blob, "its length in the index is out of range");
        }
        byte[] stored = repository.storage().readRange(blob.packId(), blob.offset(), blob.length());
        byte[] plain;
        try {
            byte[] opened = repository.key().open(stored);
            plain = blob.compressed() ? Compression.decompressExactly(opened, blob.uncompressedLength()) : opened;
        } catch (MasterKey.WrongKeyException | IllegalArgumentException e) {
            throw damaged(blob, e.getMessage());
        }
        if (!Ids.hash(plain).equals(blob.blobId())) {
            throw damaged(blob, "its content does not match its id");
        }
        return plain;
    }

    private RepositoryException damaged(BlobLocation blob, String why) {
        return new RepositoryException(RepositoryException.Reason.DAMAGED, "The blob " + blob.blobId() + " in pack "
                + blob.packId() + " of the restic repository " + repository.storage().location() + " is damaged ("
                + why + "); run 'restic check --read-data'");
    }
}
