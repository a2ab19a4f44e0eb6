package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

import org.homeautomation.backup.agent.restic.internal.RepositoryFolder.FileType;
import org.homeautomation.backup.agent.restic.internal.SnapshotJson.FileNode;

/**
 * Writes one snapshot: files cut into content-defined chunks, each chunk stored once in the repository (a blob the
 * index already holds is not stored again), then the tree, the index of the new packs and, last, the snapshot file,
 * in the order restic's design document requires: until the snapshot is written nothing refers to the new packs.
 *
 * <p>Memory: one chunk (at most 8 MiB) and its compressed copy, whatever the size of the files. Not thread-safe.
 */
final class SnapshotWriter {
    private final Repository repository;
    private final RepositoryIndex index;
    private final Set<String> written = new HashSet<>();
    private final Map<String, List<BlobLocation>> newPacks = new LinkedHashMap<>();
    private PackWriter dataPack;
    private long bytesAdded;
    private int dataBlobsAdded;
    private boolean indexWritten;

    private final RepositoryLock lock;

    SnapshotWriter(Repository repository, RepositoryIndex index) {
        this(repository, index, null);
    }

    /** @param lock the lock held while writing, renewed between chunks; null when the caller holds none */
    SnapshotWriter(Repository repository, RepositoryIndex index, RepositoryLock lock) {
        this.repository = repository;
        this.index = index;
        this.lock = lock;
    }

    /**
     * Stores a stream as a file of the snapshot.
     *
     * @param progress receives the number of bytes of the stream consumed so far, after each chunk
     * @throws InterruptedIOException when the thread is interrupted between chunks
     */
    FileNode storeFile(String name, InputStream in, LongConsumer progress) throws IOException {
        Chunker chunker = new Chunker(in, repository.chunkerPolynomial());
        List<String> content = new ArrayList<>();
        long size = 0;
        Chunker.Chunk chunk;
        while ((chunk = chunker.next()) != null) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while storing " + name);
            }
            if (lock != null) {
                lock.refreshIfDue();
            }
            content.add(storeBlob(BlobType.DATA, chunk.data(), chunk.length()));
            size += chunk.length();
            progress.accept(size);
        }
        return new FileNode(name, size, content);
    }

    /** Stores a small file as one blob. */
    FileNode storeSmallFile(String name, byte[] content) throws IOException {
        return new FileNode(name, content.length,
                content.length == 0 ? List.of() : List.of(storeBlob(BlobType.DATA, content, content.length)));
    }

    private String storeBlob(BlobType type, byte[] data, int length) throws IOException {
        String id = Ids.hash(data, 0, length);
        if (index.contains(id) || !written.add(id)) {
            return id;
        }
        if (type == BlobType.DATA) {
            if (dataPack == null) {
                dataPack = new PackWriter(repository, BlobType.DATA);
            }
            dataPack.add(id, data, length);
            dataBlobsAdded++;
            if (dataPack.isFull()) {
                finish(dataPack);
                dataPack = null;
            }
        } else {
            try (PackWriter treePack = new PackWriter(repository, BlobType.TREE)) {
                treePack.add(id, data, length);
                finish(treePack);
            }
        }
        return id;
    }

    private void finish(PackWriter pack) throws IOException {
        long size = pack.size();
        List<BlobLocation> blobs = pack.finish();
        newPacks.put(blobs.get(0).packId(), blobs);
        bytesAdded += size;
    }

    /**
     * Writes the tree of these files, the index of the new packs and the snapshot.
     *
     * @return the snapshot's id
     */
    String commit(List<FileNode> files, List<String> paths, List<String> tags) throws IOException {
        if (dataPack != null && !dataPack.isEmpty()) {
            finish(dataPack);
            dataPack = null;
        }
        OffsetDateTime now = OffsetDateTime.now();
        SnapshotJson.Owner owner = SnapshotJson.Owner.ofThisProcess(repository.folder().config());
        byte[] tree = SnapshotJson.tree(files, now, owner);
        String treeId = storeBlob(BlobType.TREE, tree, tree.length);
        if (!newPacks.isEmpty()) {
            repository.saveJson(FileType.INDEX, RepositoryIndex.toJson(newPacks, Set.of()));
        }
        indexWritten = true;
        return repository.saveJson(FileType.SNAPSHOT, SnapshotJson.snapshot(treeId, paths, tags, now, owner));
    }

    /** Bytes of packs this writer added to {@code data/} so far. */
    long bytesAdded() {
        return bytesAdded;
    }

    /** Data blobs this writer stored: those of its files that the repository did not hold yet. */
    int dataBlobsAdded() {
        return dataBlobsAdded;
    }

    /**
     * Removes what a failed snapshot wrote: the unfinished pack and, while no index names them yet, the finished
     * ones. Once the index is written, its packs stay (a concurrent backup may already use their blobs); a prune
     * reclaims them.
     */
    void abort() throws IOException {
        if (dataPack != null) {
            dataPack.abort();
        }
        if (!indexWritten) {
            for (String pack : newPacks.keySet()) {
                repository.folder().delete(FileType.PACK, pack);
            }
        }
    }
}
