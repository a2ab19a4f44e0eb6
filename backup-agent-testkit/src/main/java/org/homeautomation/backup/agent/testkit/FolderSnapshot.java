package org.homeautomation.backup.agent.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files under a folder with their sizes and modification times, to prove that a call wrote nothing. Folders
 * count by name only: their modification time changes when an agent merely checks for a file.
 */
final class FolderSnapshot {

    private FolderSnapshot() {
    }

    static Map<String, String> of(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                entries.put(root.relativize(path).toString(), attributes.isDirectory() ? "folder"
                        : attributes.size() + " bytes, modified " + attributes.lastModifiedTime());
            }
        }
        return entries;
    }
}
