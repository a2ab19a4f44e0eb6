package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.PendingFile;

import com.github.luben.zstd.Zstd;

/**
 * Writes one pack file: blobs of one type, each zstd-compressed and sealed on its own, appended to a pending file
 * of the storage (in {@code tmp/} of a folder); then the sealed header (one compressed-blob entry per blob) and its
 * length; then the file is published as {@code data/xx/<sha256 of the file>}. Holds one blob at a time in memory,
 * never the pack.
 *
 * <p>Not thread-safe. {@link #abort()} removes the temporary file of a pack that is not finished.
 */
final class PackWriter implements AutoCloseable {
    /** A pack is finished once it holds this much; restic 0.14 aims at 4 MiB too. */
    static final long TARGET_SIZE = 4L * 1024 * 1024;
    /** One header entry of a compressed blob: type, stored length, plaintext length, id (4 bytes less if not). */
    private static final int HEADER_ENTRY_SIZE = 1 + 4 + 4 + 32;

    private final Repository repository;
    private final BlobType type;
    private final PendingFile pending;
    private final MessageDigest digest = Ids.sha256();
    private final List<BlobLocation> blobs = new ArrayList<>();
    private long size;
    private boolean done;

    PackWriter(Repository repository, BlobType type) throws IOException {
        this.repository = repository;
        this.type = type;
        this.pending = repository.storage().newPendingFile();
    }

    /**
     * Adds a blob.
     *
     * @param blobId the SHA-256 of the plaintext, as hex
     */
    void add(String blobId, byte[] plain, int length) throws IOException {
        byte[] sealed = seal(repository.key(), plain, length);
        write(ByteBuffer.wrap(sealed));
        blobs.add(new BlobLocation(blobId, type, null, size, sealed.length, length));
        size += sealed.length;
    }

    /** A blob as a pack stores it: zstd-compressed, then sealed. */
    static byte[] seal(MasterKey key, byte[] plain, int length) throws IOException {
        int bound = (int) Zstd.compressBound(length);
        byte[] compressed = new byte[bound];
        long size = Zstd.compressByteArray(compressed, 0, bound, plain, 0, length, Repository.ZSTD_LEVEL);
        if (Zstd.isError(size)) {
            throw new IOException("zstd cannot compress a blob: " + Zstd.getErrorName(size));
        }
        return key.seal(compressed, 0, (int) size);
    }

    /**
     * Adds a blob as it is stored in another pack, sealed (and compressed) already: a repack copies blobs without
     * opening them.
     */
    void addSealed(BlobLocation blob, byte[] sealed) throws IOException {
        if (blob.type() != type) {
            throw new IllegalArgumentException("A " + type.json + " pack cannot hold a " + blob.type().json + " blob");
        }
        write(ByteBuffer.wrap(sealed));
        blobs.add(new BlobLocation(blob.blobId(), type, null, size, sealed.length, blob.uncompressedLength()));
        size += sealed.length;
    }

    boolean isEmpty() {
        return blobs.isEmpty();
    }

    boolean isFull() {
        return size >= TARGET_SIZE;
    }

    long size() {
        return size;
    }

    /**
     * Writes the header, syncs the file and moves it into {@code data/}.
     *
     * @return the blobs in the pack, with the pack's id
     */
    List<BlobLocation> finish() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(blobs.size() * HEADER_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (BlobLocation blob : blobs) {
            // a repacked blob that restic stored uncompressed keeps its uncompressed entry
            header.put((byte) (blob.compressed() ? type.compressedHeaderType : type.compressedHeaderType - 2));
            header.putInt(blob.length());
            if (blob.compressed()) {
                header.putInt(blob.uncompressedLength());
            }
            header.put(HexFormat.of().parseHex(blob.blobId()));
        }
        byte[] sealedHeader = repository.key().seal(header.array(), 0, header.position());
        write(ByteBuffer.wrap(sealedHeader));
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(sealedHeader.length);
        write(length.flip());
        String packId = HexFormat.of().formatHex(digest.digest());
        pending.publish(FileType.PACK, packId);
        done = true;
        List<BlobLocation> located = new ArrayList<>(blobs.size());
        for (BlobLocation blob : blobs) {
            located.add(new BlobLocation(blob.blobId(), type, packId, blob.offset(), blob.length(),
                    blob.uncompressedLength()));
        }
        return located;
    }

    private void write(ByteBuffer buffer) throws IOException {
        digest.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            pending.channel().write(buffer);
        }
    }

    /** Removes the temporary file of an unfinished pack. */
    void abort() throws IOException {
        if (!done) {
            done = true;
            pending.close();
        }
    }

    @Override
    public void close() throws IOException {
        abort();
    }
}
