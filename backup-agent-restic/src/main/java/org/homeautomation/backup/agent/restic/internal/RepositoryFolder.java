package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The files of a restic repository in a folder, in restic's default layout: {@code config}, {@code keys/},
 * {@code snapshots/}, {@code index/}, {@code locks/} and {@code data/xx/} (packs under the first two hex digits of
 * their id). Files are written under a temporary name in {@code tmp/}, synced and renamed into place, so a reader
 * (ours or restic) never sees half a file; a crash leaves at most a file in {@code tmp/}, which restic ignores.
 */
final class RepositoryFolder implements RepositoryStorage {
    private final Path root;

    RepositoryFolder(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    @Override
    public String unreachableAdvice() {
        return "(folder or config missing); is its drive mounted?";
    }

    @Override
    public void requirePlace() throws RepositoryException {
        if (!Files.isDirectory(root)) {
            throw new RepositoryException(RepositoryException.Reason.MISSING, "The restic repository folder " + root
                    + " does not exist; is its drive mounted? (set initialize=true to create a new repository)");
        }
    }

    @Override
    public boolean hasConfig() {
        return Files.isRegularFile(config());
    }

    @Override
    public boolean isMissingOrEmpty() throws IOException {
        if (!Files.exists(root)) {
            return true;
        }
        try (var entries = Files.list(root)) {
            return entries.findAny().isEmpty();
        }
    }

    @Override
    public String name(FileType type, String id) {
        return path(type, id).toString();
    }

    @Override
    public Path ownedByThisProcess() {
        return config();
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    Path config() {
        return root.resolve("config");
    }

    Path path(FileType type, String id) {
        if (type == FileType.PACK) {
            return root.resolve("data").resolve(id.substring(0, 2)).resolve(id);
        }
        return root.resolve(type.folder).resolve(id);
    }

    /** Creates the folders of an empty repository: {@code data/00} to {@code data/ff} as restic does. */
    @Override
    public void createLayout() throws IOException {
        Files.createDirectories(root);
        for (FileType type : FileType.values()) {
            Files.createDirectories(root.resolve(type.folder));
        }
        for (int i = 0; i < 256; i++) {
            Files.createDirectories(root.resolve("data").resolve(HexFormat.of().toHexDigits((byte) i)));
        }
        Files.createDirectories(root.resolve("tmp"));
    }

    @Override
    public List<String> list(FileType type) throws IOException {
        List<String> ids = new ArrayList<>();
        Path folder = root.resolve(type.folder);
        if (type == FileType.PACK) {
            try (DirectoryStream<Path> subfolders = Files.newDirectoryStream(folder)) {
                for (Path sub : subfolders) {
                    if (Files.isDirectory(sub)) {
                        addIds(sub, ids);
                    }
                }
            }
        } else {
            addIds(folder, ids);
        }
        return ids;
    }

    private static void addIds(Path folder, List<String> ids) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (Ids.isId(name)) {
                    ids.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            // a folder restic creates lazily (locks after a prune of all locks, say): no files of that type
        }
    }

    @Override
    public byte[] read(FileType type, String id) throws IOException {
        return Files.readAllBytes(path(type, id));
    }

    @Override
    public byte[] readConfig() throws IOException {
        return Files.readAllBytes(config());
    }

    @Override
    public long size(FileType type, String id) throws IOException {
        return Files.size(path(type, id));
    }

    @Override
    public byte[] readRange(String packId, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(path(FileType.PACK, packId), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("Pack " + packId + " ends before byte " + (offset + length)
                            + " that the index names");
                }
            }
            return buffer.array();
        }
    }

    /** Writes a small file whole: to {@code tmp/}, synced, then renamed to its place. */
    @Override
    public void write(FileType type, String id, byte[] content) throws IOException {
        writeWhole(path(type, id), content);
    }

    @Override
    public void writeConfig(byte[] content) throws IOException {
        writeWhole(config(), content);
    }

    private void writeWhole(Path target, byte[] content) throws IOException {
        Path temp = newTempFile();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty file in {@code tmp/}, synced and renamed into place when published. */
    @Override
    public PendingFile newPendingFile() throws IOException {
        return LocalPendingFile.open(newTempFile(), true, (temp, type, id) -> publish(temp, path(type, id)));
    }

    private Path newTempFile() throws IOException {
        Path tmp = root.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            Files.createDirectory(tmp); // not createDirectories: a repository whose drive went away is not re-made
        }
        return Files.createFile(tmp.resolve(".homeautomation-" + UUID.randomUUID() + ".partial"));
    }

    /** Renames a synced temporary file to its final place, which must not exist yet, and syncs the folder. */
    private void publish(Path temp, Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            Files.createDirectory(target.getParent()); // data/xx only; never the repository's folder itself
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    @Override
    public void delete(FileType type, String id) throws IOException {
        Path file = path(type, id);
        Files.deleteIfExists(file);
        syncDirectory(file.getParent());
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            // some platforms cannot open a folder; there a rename is as durable as the platform makes it
        }
    }
}
