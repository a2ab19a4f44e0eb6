package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.support.json.Json;

/**
 * The repository's index: for each blob, the pack that holds it. Loaded from all {@code index/} files; a few hundred
 * bytes a blob, and blobs average 1 MiB, so a repository of 100 GiB needs about 20 MiB of it.
 *
 * <p>Not thread-safe: each operation loads its own.
 */
final class RepositoryIndex {
    private final Map<String, BlobLocation> blobs = new HashMap<>();
    /** Every pack with all its blobs, also blobs another pack holds too: a rewritten index must list them all. */
    private final Map<String, List<BlobLocation>> packs = new LinkedHashMap<>();
    private final List<String> files = new ArrayList<>();
    private final Set<String> entries = new java.util.HashSet<>();

    /** Loads every index file of the repository. */
    static RepositoryIndex load(Repository repository) throws IOException, RepositoryException {
        RepositoryIndex index = new RepositoryIndex();
        for (String file : repository.storage().list(FileType.INDEX)) {
            byte[] json;
            try {
                json = repository.loadJson(FileType.INDEX, file);
            } catch (NoSuchFileException e) {
                continue; // replaced by a prune meanwhile; its successor is in the listing or came after it
            }
            index.addFile(file, json, repository);
        }
        return index;
    }

    private void addFile(String file, byte[] json, Repository repository) throws RepositoryException {
        try {
            Map<?, ?> root = (Map<?, ?>) Json.parse(new String(json, StandardCharsets.UTF_8));
            for (Object p : (List<?>) root.get("packs")) {
                Map<?, ?> pack = (Map<?, ?>) p;
                String packId = (String) pack.get("id");
                for (Object b : (List<?>) pack.get("blobs")) {
                    Map<?, ?> blob = (Map<?, ?>) b;
                    Object uncompressed = blob.get("uncompressed_length");
                    add(new BlobLocation((String) blob.get("id"), BlobType.fromJson((String) blob.get("type")),
                            packId, (Long) blob.get("offset"), Math.toIntExact((Long) blob.get("length")),
                            uncompressed == null ? 0 : Math.toIntExact((Long) uncompressed)));
                }
            }
        } catch (RuntimeException e) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The index file index/" + file
                    + " of the restic repository " + repository.storage().location() + " is not what restic writes ("
                    + e.getClass().getSimpleName() + "); run 'restic repair index' (restic 0.16+) or"
                    + " 'restic rebuild-index'");
        }
        files.add(file);
    }

    void add(BlobLocation location) {
        blobs.putIfAbsent(location.blobId(), location);
        // index files may name a pack more than once (restic allows overlapping index files): keep each blob once
        if (entries.add(location.packId() + "@" + location.offset())) {
            packs.computeIfAbsent(location.packId(), p -> new ArrayList<>()).add(location);
        }
    }

    /** Every indexed pack with its blobs. */
    Map<String, List<BlobLocation>> packs() {
        return packs;
    }

    BlobLocation find(String blobId) {
        return blobs.get(blobId);
    }

    boolean contains(String blobId) {
        return blobs.containsKey(blobId);
    }

    Collection<BlobLocation> blobs() {
        return blobs.values();
    }

    /** The index files this index was loaded from. */
    List<String> files() {
        return files;
    }

    /** The JSON of an index file listing these packs, each with its blobs, superseding {@code supersedes}. */
    static byte[] toJson(Map<String, List<BlobLocation>> packs, Set<String> supersedes) {
        List<Object> packList = new ArrayList<>();
        for (Map.Entry<String, List<BlobLocation>> pack : packs.entrySet()) {
            List<Object> blobList = new ArrayList<>();
            for (BlobLocation blob : pack.getValue()) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("id", blob.blobId());
                b.put("type", blob.type().json);
                b.put("offset", blob.offset());
                b.put("length", (long) blob.length());
                if (blob.compressed()) {
                    b.put("uncompressed_length", (long) blob.uncompressedLength());
                }
                blobList.add(b);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", pack.getKey());
            p.put("blobs", blobList);
            packList.add(p);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        if (!supersedes.isEmpty()) {
            root.put("supersedes", new ArrayList<>(supersedes));
        }
        root.put("packs", packList);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }
}
