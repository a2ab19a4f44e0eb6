package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.agent.restic.internal.SnapshotJson.FileNode;

/**
 * Writes one snapshot: files cut into content-defined chunks ({@link ArchiveChunker}), each chunk stored once in the
 * repository (a blob the index already holds is not stored again), then the tree, the index of the new packs and,
 * last, the snapshot file, in the order restic's design document requires: until the snapshot is written nothing
 * refers to the new packs.
 *
 * <p>Memory: the chunker's buffer (at most 8 MiB) and the blobs that {@link BlobSealer} has in flight, whatever the
 * size of the files. Not thread-safe.
 */
final class SnapshotWriter {
    /** Threads that compress and seal blobs while the caller chunks the stream: one per processor. */
    private static final int SEALING_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final Repository repository;
    private final RepositoryIndex index;
    /** Blobs this writer stores (claimed by the sealing threads; thread-safe). */
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final Map<String, List<BlobLocation>> newPacks = new LinkedHashMap<>();
    /** Packs another, killed, upload wrote: a failure of this one must not delete them. */
    private final Set<String> adopted = new HashSet<>();
    private PackWriter dataPack;
    private long bytesAdded;
    private int dataBlobsAdded;
    private boolean indexWritten;

    private final RepositoryLock lock;

    /** Packs that running writers of this runtime wrote and have not indexed yet: never adopted by another. */
    private final Set<String> inFlight;

    SnapshotWriter(Repository repository, RepositoryIndex index) {
        this(repository, index, null, ConcurrentHashMap.newKeySet());
    }

    /**
     * @param lock the lock held while writing, renewed between chunks; null when the caller holds none
     * @param inFlight the packs of the running writers on this repository, shared by them (thread-safe)
     */
    SnapshotWriter(Repository repository, RepositoryIndex index, RepositoryLock lock, Set<String> inFlight) {
        this.repository = repository;
        this.index = index;
        this.lock = lock;
        this.inFlight = inFlight;
    }

    /**
     * Takes in packs that no index names (left by a backup that was killed before it wrote its index): their blobs
     * are used instead of being stored again, and this snapshot's index names them. Packs that cannot be read are
     * left alone, for restic's check to report.
     *
     * @return the number of packs taken in
     */
    int adoptUnindexedPacks() throws IOException {
        Set<String> unindexed = new java.util.LinkedHashSet<>(repository.storage().list(FileType.PACK));
        unindexed.removeAll(index.packs().keySet());
        unindexed.removeAll(inFlight);
        int adopted = 0;
        for (String pack : unindexed) {
            try {
                List<BlobLocation> blobs = PackHeader.read(repository, pack);
                if (!blobs.isEmpty()) {
                    blobs.forEach(index::add);
                    newPacks.put(pack, blobs);
                    this.adopted.add(pack);
                    adopted++;
                }
            } catch (RepositoryException | java.nio.file.NoSuchFileException e) {
                // not ours to judge: a foreign or damaged file, or one a prune removed meanwhile
            }
        }
        return adopted;
    }

    /**
     * Stores a stream as a file of the snapshot.
     *
     * @param progress receives the number of bytes of the stream consumed so far, after each chunk
     * @throws InterruptedIOException when the thread is interrupted between chunks
     */
    FileNode storeFile(String name, InputStream in, LongConsumer progress) throws IOException {
        ArchiveChunker chunker = new ArchiveChunker(in, repository.chunkerPolynomial());
        List<String> content = new ArrayList<>();
        long[] size = {0};
        Consumer<BlobSealer.SealedBlob> store = blob -> {
            content.add(blob.id());
            if (blob.sealed() != null) {
                addSealedData(blob);
            }
            size[0] += blob.length();
            progress.accept(size[0]);
        };
        try (BlobSealer sealer = new BlobSealer(repository.key(), this::claim, SEALING_THREADS)) {
            Chunker.Chunk chunk;
            while ((chunk = chunker.next()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while storing " + name);
                }
                if (lock != null) {
                    lock.refreshIfDue();
                }
                sealer.submit(chunk.data(), chunk.length(), chunk.compressed(), store);
            }
            sealer.drain(store);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new FileNode(name, size[0], content);
    }

    private void addSealedData(BlobSealer.SealedBlob blob) {
        try {
            addData(new BlobLocation(blob.id(), BlobType.DATA, null, 0, blob.sealed().length,
                    blob.zstd() ? blob.length() : 0), blob.sealed());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this writer stores the blob: true once for a blob the repository does not hold yet (thread-safe). */
    private boolean claim(String id) {
        return !index.contains(id) && written.add(id);
    }

    /** Appends a sealed data blob to the open data pack, finishing the pack once it is full. */
    private void addData(BlobLocation blob, byte[] sealed) throws IOException {
        if (dataPack == null) {
            dataPack = new PackWriter(repository, BlobType.DATA);
        }
        dataPack.addSealed(blob, sealed);
        dataBlobsAdded++;
        if (dataPack.isFull()) {
            finish(dataPack);
            dataPack = null;
        }
    }

    /** Stores a small file as one blob. */
    FileNode storeSmallFile(String name, byte[] content) throws IOException {
        return new FileNode(name, content.length,
                content.length == 0 ? List.of() : List.of(storeBlob(BlobType.DATA, content, content.length)));
    }

    private String storeBlob(BlobType type, byte[] data, int length) throws IOException {
        String id = Ids.hash(data, 0, length);
        if (!claim(id)) {
            return id;
        }
        if (type == BlobType.DATA) {
            byte[] sealed = PackWriter.seal(repository.key(), data, length);
            addData(new BlobLocation(id, BlobType.DATA, null, 0, sealed.length, length), sealed);
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
        inFlight.add(blobs.get(0).packId());
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
        SnapshotJson.Owner owner = SnapshotJson.Owner.ofThisProcess(repository.storage().ownedByThisProcess());
        byte[] tree = SnapshotJson.tree(files, now, owner);
        String treeId = storeBlob(BlobType.TREE, tree, tree.length);
        if (!newPacks.isEmpty()) {
            repository.saveJson(FileType.INDEX, RepositoryIndex.toJson(newPacks, Set.of()));
        }
        indexWritten = true;
        inFlight.removeAll(newPacks.keySet());
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
                if (!adopted.contains(pack)) {
                    repository.storage().delete(FileType.PACK, pack);
                }
            }
        }
        inFlight.removeAll(newPacks.keySet());
    }
}
