package org.homeautomation.backup.agent.restic.internal;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.support.json.Json;

/**
 * The JSON of the trees and snapshots we write: a root tree of regular files, as {@code restic backup --stdin} makes
 * one, and a snapshot that points to it.
 */
final class SnapshotJson {
    /** The mode of the files we store, 0644, as restic gives files read from stdin. */
    private static final long FILE_MODE = 0644;

    private SnapshotJson() {
    }

    /** One regular file of a tree: its name, size and the ids of its data blobs in order. */
    record FileNode(String name, long size, List<String> content) {
    }

    /** The plaintext of a tree blob: restic's JSON of the nodes, sorted by name, and a newline. */
    static byte[] tree(List<FileNode> files, OffsetDateTime time, Owner owner) {
        List<FileNode> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(FileNode::name));
        List<Object> nodes = new ArrayList<>();
        String when = format(time);
        for (FileNode file : sorted) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", file.name());
            node.put("type", "file");
            node.put("mode", FILE_MODE);
            node.put("mtime", when);
            node.put("atime", when);
            node.put("ctime", when);
            node.put("uid", owner.uid());
            node.put("gid", owner.gid());
            node.put("user", owner.user());
            node.put("size", file.size());
            node.put("links", 1L);
            node.put("content", new ArrayList<>(file.content()));
            nodes.add(node);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("nodes", nodes);
        return (Json.write(tree) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON of a snapshot file. */
    static byte[] snapshot(String treeId, List<String> paths, List<String> tags, OffsetDateTime time, Owner owner) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("time", format(time));
        snapshot.put("tree", treeId);
        snapshot.put("paths", new ArrayList<>(paths));
        snapshot.put("hostname", KeyFile.hostname());
        snapshot.put("username", owner.user());
        snapshot.put("uid", owner.uid());
        snapshot.put("gid", owner.gid());
        snapshot.put("tags", new ArrayList<>(tags));
        return Json.write(snapshot).getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 3339 with nanoseconds as Go writes and reads it; always with seconds, unlike OffsetDateTime.toString. */
    static String format(OffsetDateTime time) {
        return time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Who the files belong to: the user this runtime runs as. */
    record Owner(String user, long uid, long gid) {
        static Owner ofThisProcess(java.nio.file.Path anyFileWeWrote) {
            String user = System.getProperty("user.name", "");
            try {
                long uid = ((Number) java.nio.file.Files.getAttribute(anyFileWeWrote, "unix:uid")).longValue();
                long gid = ((Number) java.nio.file.Files.getAttribute(anyFileWeWrote, "unix:gid")).longValue();
                return new Owner(user, uid, gid);
            } catch (Exception e) {
                return new Owner(user, 0, 0); // not a Unix file system; restic writes 0 there too
            }
        }
    }
}
