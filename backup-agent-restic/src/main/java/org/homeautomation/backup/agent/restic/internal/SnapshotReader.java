package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.agent.restic.internal.SnapshotJson.FileNode;
import org.homeautomation.backup.support.json.Json;

/** Reads snapshots, their root trees and the files in them. */
final class SnapshotReader {
    private final Repository repository;

    SnapshotReader(Repository repository) {
        this.repository = repository;
    }

    /** A snapshot's fields that we use. */
    record Snapshot(String id, String tree, List<String> tags) {
    }

    /**
     * Reads one snapshot file.
     *
     * @throws RepositoryException when it is not a snapshot restic writes
     */
    Snapshot snapshot(String id) throws IOException, RepositoryException {
        byte[] json = repository.loadJson(FileType.SNAPSHOT, id);
        try {
            Map<?, ?> map = (Map<?, ?>) Json.parse(new String(json, StandardCharsets.UTF_8));
            List<String> tags = new ArrayList<>();
            if (map.get("tags") instanceof List<?> list) {
                for (Object tag : list) {
                    tags.add((String) tag);
                }
            }
            return new Snapshot(id, (String) map.get("tree"), tags);
        } catch (RuntimeException e) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The snapshot " + id
                    + " of the restic repository " + repository.storage().location() + " is not what restic writes");
        }
    }

    /** The regular files at the root of a snapshot's tree. */
    List<FileNode> rootFiles(Snapshot snapshot, RepositoryIndex index) throws IOException, RepositoryException {
        BlobLocation location = index.find(snapshot.tree());
        if (location == null) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The tree of snapshot " + snapshot.id()
                    + " is in no index of the restic repository " + repository.storage().location()
                    + "; run 'restic check'");
        }
        byte[] tree = new BlobReader(repository).read(location);
        List<FileNode> files = new ArrayList<>();
        try {
            Map<?, ?> map = (Map<?, ?>) Json.parse(new String(tree, StandardCharsets.UTF_8).trim());
            for (Object n : (List<?>) map.get("nodes")) {
                Map<?, ?> node = (Map<?, ?>) n;
                if (!"file".equals(node.get("type"))) {
                    continue;
                }
                List<String> content = new ArrayList<>();
                if (node.get("content") instanceof List<?> blobs) {
                    for (Object blob : blobs) {
                        content.add((String) blob);
                    }
                }
                Object size = node.get("size");
                files.add(new FileNode((String) node.get("name"), size == null ? 0 : (Long) size, content));
            }
        } catch (RuntimeException e) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The tree of snapshot " + snapshot.id()
                    + " in the restic repository " + repository.storage().location() + " is not what restic writes");
        }
        return files;
    }

    /** A stream over a file's content, one blob in memory at a time. */
    InputStream open(FileNode file, RepositoryIndex index) {
        return new BlobStream(file.content().iterator(), index);
    }

    private final class BlobStream extends InputStream {
        private final Iterator<String> blobs;
        private final RepositoryIndex index;
        private final BlobReader reader = new BlobReader(repository);
        private byte[] current = new byte[0];
        private int pos;

        BlobStream(Iterator<String> blobs, RepositoryIndex index) {
            this.blobs = blobs;
            this.index = index;
        }

        private boolean fill() throws IOException {
            while (pos == current.length) {
                if (!blobs.hasNext()) {
                    return false;
                }
                String id = blobs.next();
                BlobLocation location = index.find(id);
                if (location == null) {
                    throw new IOException("The blob " + id + " is in no index of the restic repository "
                            + repository.storage().location() + "; run 'restic check'");
                }
                try {
                    current = reader.read(location);
                } catch (RepositoryException e) {
                    throw new IOException(e.getMessage(), e);
                }
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
