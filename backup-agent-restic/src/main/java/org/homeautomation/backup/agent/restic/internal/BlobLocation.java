package org.homeautomation.backup.agent.restic.internal;

/**
 * Where a blob is stored: its pack, offset and stored (encrypted) length, and, for a compressed blob, the length of
 * its plaintext ({@code 0} for one stored uncompressed, as in format 1).
 */
record BlobLocation(String blobId, BlobType type, String packId, long offset, int length, int uncompressedLength) {

    boolean compressed() {
        return uncompressedLength > 0;
    }

    /** The plaintext length: what the blob adds to a file. */
    long plaintextLength() {
        return compressed() ? uncompressedLength : length - MasterKey.OVERHEAD;
    }
}
