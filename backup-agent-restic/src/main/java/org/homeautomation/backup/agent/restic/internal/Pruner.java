package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;

/**
 * Reclaims the space of blobs that no snapshot uses any more, as {@code restic prune} does; the caller holds the
 * repository's exclusive lock. Packs that hold only unused blobs are deleted; packs that are mostly unused are
 * repacked (their used blobs copied, still sealed, into new packs). The order keeps the repository valid at every
 * step, also when the process dies midway (restic's design document, "Read and Write Ordering"): new packs first,
 * then one new index of everything that stays, then the old index files, and only then the old packs.
 */
final class Pruner {
    /** A pack whose unused bytes exceed this share of it is repacked. */
    static final double REPACK_UNUSED_SHARE = 0.5;

    private final Repository repository;

    Pruner(Repository repository) {
        this.repository = repository;
    }

    /** What a prune did. */
    record Result(int packsDeleted, int packsRepacked, long bytesFreed) {
    }

    Result prune() throws IOException, RepositoryException {
        RepositoryIndex index = RepositoryIndex.load(repository);
        Set<String> used = ReachableBlobs.of(repository, index);
        Map<String, List<BlobLocation>> kept = new LinkedHashMap<>();
        List<String> obsolete = new ArrayList<>();
        List<BlobLocation> toRepack = new ArrayList<>();
        long freed = 0;
        for (Map.Entry<String, List<BlobLocation>> pack : index.packs().entrySet()) {
            long total = 0;
            long unused = 0;
            for (BlobLocation blob : pack.getValue()) {
                total += blob.length();
                if (!used.contains(blob.blobId())) {
                    unused += blob.length();
                }
            }
            if (unused == 0) {
                kept.put(pack.getKey(), pack.getValue());
            } else if (unused == total || unused > total * REPACK_UNUSED_SHARE) {
                obsolete.add(pack.getKey());
                freed += unused;
                for (BlobLocation blob : pack.getValue()) {
                    if (used.contains(blob.blobId())) {
                        toRepack.add(blob);
                    }
                }
            } else {
                kept.put(pack.getKey(), pack.getValue());
            }
        }
        Set<String> orphans = new LinkedHashSet<>(repository.storage().list(FileType.PACK));
        orphans.removeAll(index.packs().keySet());
        if (obsolete.isEmpty() && orphans.isEmpty()) {
            return new Result(0, 0, 0);
        }
        int repacked = repack(toRepack, kept);
        // one blob may be in several kept packs: the index lists each pack whole, as restic's check expects
        Set<String> superseded = new LinkedHashSet<>(index.files());
        repository.saveJson(FileType.INDEX, RepositoryIndex.toJson(kept, superseded));
        for (String file : superseded) {
            repository.storage().delete(FileType.INDEX, file);
        }
        for (String pack : obsolete) {
            repository.storage().delete(FileType.PACK, pack);
        }
        for (String pack : orphans) {
            // packs no index names: left by a backup that died before writing its index; only we hold a lock now
            repository.storage().delete(FileType.PACK, pack);
        }
        return new Result(obsolete.size() + orphans.size(), repacked, freed);
    }

    /** Copies used blobs of obsolete packs, still sealed, into new packs; adds those to {@code kept}. */
    private int repack(List<BlobLocation> blobs, Map<String, List<BlobLocation>> kept) throws IOException {
        Set<String> copied = new java.util.HashSet<>();
        for (List<BlobLocation> pack : kept.values()) {
            for (BlobLocation blob : pack) {
                copied.add(blob.blobId()); // a kept pack holds it already
            }
        }
        int packs = 0;
        for (BlobType type : BlobType.values()) {
            PackWriter writer = null;
            try {
                for (BlobLocation blob : blobs) {
                    if (blob.type() != type || !copied.add(blob.blobId())) {
                        continue;
                    }
                    if (writer == null) {
                        writer = new PackWriter(repository, type);
                    }
                    writer.addSealed(blob, repository.storage().readRange(blob.packId(), blob.offset(),
                            blob.length()));
                    if (writer.isFull()) {
                        addPack(writer.finish(), kept);
                        packs++;
                        writer = null;
                    }
                }
                if (writer != null) {
                    addPack(writer.finish(), kept);
                    packs++;
                    writer = null;
                }
            } finally {
                if (writer != null) {
                    writer.abort();
                }
            }
        }
        return packs;
    }

    private static void addPack(List<BlobLocation> blobs, Map<String, List<BlobLocation>> kept) {
        kept.put(blobs.get(0).packId(), blobs);
    }
}
