package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extraction of a restore: unpacks a content's tar into a new, empty staging folder. Every entry is checked by the
 * rules of {@link TarEntryRules} before it is written, so an unsafe entry stops the extraction before it writes
 * anything outside the staging folder (the caller then deletes that folder).
 *
 * <p>What is restored: folders, regular files (streamed, memory does not depend on their size), symbolic links
 * (target text as stored), hard links to earlier files; permission bits; owner and group by number when the process
 * may change them (as root); modification times of files, links and folders. Set-user-id and set-group-id bits are
 * kept only where the owner and group were restored, so a file never becomes set-id for someone else. Files and
 * folders are made accessible to the owner only until their own permissions are applied, and files are flushed to
 * disk (fsync, on a few threads of a {@link FileFlusher} while the next files are written; all of them before
 * {@code extract} returns), so a restore that is committed survives a power cut. Devices, named pipes, and the owners' names are
 * not restored.
 *
 * <p>Not thread-safe: one extraction at a time per instance.
 */
public final class ContentExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(ContentExtractor.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int PERMISSION_BITS = 07777;
    private static final int WITHOUT_SET_ID = 01777;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FOLDER =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /* A new file only: never an existing one, never through a symbolic link. */
    private static final Set<OpenOption> CREATE_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    /** Asked before each file is written, with its size: refuses when the disk cannot take it. */
    @FunctionalInterface
    public interface SpaceCheck {
        /** Accepts everything. */
        SpaceCheck NONE = bytes -> {
        };

        /**
         * @param bytes the size of the file about to be written
         * @throws IOException when writing it would leave too little free space; the extraction stops with it
         */
        void beforeWriting(long bytes) throws IOException;
    }

    private final SpaceCheck spaceCheck;
    /* Cleared once changing an owner was refused (not root); then owners are no longer tried. */
    private boolean ownersRestorable = true;

    /** Makes an extractor that does not check the free space. */
    public ContentExtractor() {
        this(SpaceCheck.NONE);
    }

    /** @param spaceCheck asked before each file is written */
    public ContentExtractor(SpaceCheck spaceCheck) {
        this.spaceCheck = spaceCheck;
    }

    /**
     * Unpacks {@code tar} into {@code target}. Reads the stream to its end and does not close it. Blocks while
     * reading and writing.
     *
     * <p>On an exception, {@code target} holds part of the tree (never anything outside it); the caller deletes it,
     * for example with {@link FolderTrees#deleteTree(Path)}.
     *
     * @param content the content's name, for messages
     * @param tar the content's plain (decrypted, decompressed) tar
     * @param target a new, empty folder, a sibling of the live folder it will replace
     * @return the number of entries and bytes of file data unpacked
     * @throws UnsafeArchiveException when an entry must not be unpacked, naming the content, the entry and the reason
     * @throws IOException when the target is not an empty folder, the stream cannot be read or is not a valid tar, or
     *         writing fails (a full disk, for example)
     */
    public ContentCheck extract(String content, InputStream tar, Path target)
            throws UnsafeArchiveException, IOException {
        return extract(content, tar, target, path -> true);
    }

    /**
     * Unpacks the chosen entries of {@code tar} into {@code target}, as {@link #extract(String, InputStream, Path)}
     * does every entry; the folders above a chosen entry are made with default permissions. Every entry is checked,
     * chosen or not.
     *
     * @param chosen decides by an entry's normalized path (empty for the content's folder) whether it is written
     * @throws IOException as above, and when a chosen hard link leads to a file that is not chosen
     */
    public ContentCheck extract(String content, InputStream tar, Path target, Predicate<String> chosen)
            throws UnsafeArchiveException, IOException {
        Path root = target.toAbsolutePath().normalize();
        requireEmptyFolder(root);
        try (FileFlusher flusher = new FileFlusher()) {
            Extraction extraction = new Extraction(content, root, flusher);
            // Not closed: that would close the caller's stream.
            TarArchiveInputStream in = TarEntryRules.open(tar);
            TarArchiveEntry entry;
            while ((entry = extraction.rules.next(in)) != null) {
                TarEntryRules.CheckedEntry checked = extraction.rules.check(entry);
                if (chosen.test(checked.path())) {
                    if (checked.kind() == TarEntryRules.Kind.HARD_LINK && !chosen.test(checked.link())) {
                        throw new IOException("Entry '" + checked.path() + "' of content '" + content + "' is a hard"
                                + " link to '" + checked.link() + "', which the chosen paths leave out; choose it too");
                    }
                    extraction.write(entry, checked, in);
                }
            }
            TarEntryRules.drain(tar);
            ContentCheck check = extraction.rules.finish();
            flusher.awaitAll();
            extraction.finishFolders();
            return check;
        }
    }

    private static void requireEmptyFolder(Path root) throws IOException {
        if (!Files.isDirectory(root, NOFOLLOW)) {
            throw new NotDirectoryException(root + ": the staging folder to restore into must be an existing folder,"
                    + " not a symbolic link");
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            if (children.iterator().hasNext()) {
                throw new FileAlreadyExistsException(root.toString(), null,
                        "the staging folder to restore into must be empty");
            }
        }
    }

    /** The attributes applied to a folder once all entries are written. */
    private record FolderAttributes(long uid, long gid, int mode, FileTime modified) {
        static FolderAttributes of(TarArchiveEntry entry) {
            return new FolderAttributes(entry.getLongUserId(), entry.getLongGroupId(), entry.getMode(),
                    entry.getLastModifiedTime());
        }
    }

    /** The state of one extraction. */
    private final class Extraction {
        private final String content;
        private final Path root;
        private final TarEntryRules rules;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        /* Folders made so far, by normalized path; the content's folder itself is "". */
        private final Set<String> folders = new HashSet<>();
        /* Folders that have entries of their own, with the attributes to apply last; later entries win. */
        private final Map<String, FolderAttributes> folderAttributes = new LinkedHashMap<>();

        private final FileFlusher flusher;

        Extraction(String content, Path root, FileFlusher flusher) {
            this.content = content;
            this.root = root;
            this.flusher = flusher;
            this.rules = new TarEntryRules(content);
            folders.add("");
        }

        void write(TarArchiveEntry entry, TarEntryRules.CheckedEntry checked, InputStream data)
                throws IOException, UnsafeArchiveException {
            Path path = resolve(entry, checked.path());
            makeParents(checked.path());
            if (checked.replacesEarlier()) {
                // An earlier file or link of this name, made by this extraction; a link is removed, not followed.
                Files.delete(path);
            }
            switch (checked.kind()) {
                case FOLDER -> {
                    makeFolder(checked.path(), path, OWNER_ONLY_FOLDER);
                    folderAttributes.put(checked.path(), FolderAttributes.of(entry));
                }
                case FILE -> {
                    spaceCheck.beforeWriting(checked.size());
                    writeFile(path, data, checked.size());
                    boolean owned = restoreOwner(path, entry.getLongUserId(), entry.getLongGroupId());
                    setMode(path, entry.getMode(), owned);
                    setModified(path, entry.getLastModifiedTime());
                }
                case SYMLINK -> {
                    Files.createSymbolicLink(path, Path.of(checked.link()));
                    restoreOwner(path, entry.getLongUserId(), entry.getLongGroupId());
                    setModified(path, entry.getLastModifiedTime());
                }
                case HARD_LINK -> Files.createLink(path, root.resolve(checked.link()));
            }
        }

        /* The rules already refused anything leading outside; this guards against a mistake in them. */
        private Path resolve(TarArchiveEntry entry, String relative) throws UnsafeArchiveException {
            Path path = root.resolve(relative).normalize();
            if (!path.startsWith(root)) {
                throw new UnsafeArchiveException(content, entry.getName(), "resolves outside the content's folder");
            }
            return path;
        }

        /* Parents without entries of their own, as tar makes them: with the default permissions. */
        private void makeParents(String relative) throws IOException {
            int slash = relative.indexOf('/');
            while (slash >= 0) {
                String parent = relative.substring(0, slash);
                if (!folders.contains(parent)) {
                    makeFolder(parent, root.resolve(parent), null);
                }
                slash = relative.indexOf('/', slash + 1);
            }
        }

        private void makeFolder(String relative, Path path, FileAttribute<?> permissions) throws IOException {
            if (folders.add(relative)) {
                if (permissions == null) {
                    Files.createDirectory(path);
                } else {
                    Files.createDirectory(path, permissions);
                }
            }
        }

        /* Flushed to disk by the flusher, which closes it, while the next files are written. */
        private void writeFile(Path path, InputStream data, long size) throws IOException {
            FileChannel out = FileChannel.open(path, CREATE_FILE, OWNER_ONLY_FILE);
            try {
                long written = 0;
                int n;
                while ((n = data.read(buffer)) >= 0) {
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    written += n;
                }
                if (written != size) {
                    throw new IOException("The tar of content '" + content + "' ended inside " + path + " after "
                            + written + " of " + size + " bytes");
                }
            } catch (IOException | RuntimeException e) {
                out.close();
                throw e;
            }
            flusher.flushAndClose(out, path);
        }

        /**
         * Applies the folders' own attributes, deepest first and after all their children are written (making a
         * child changes a folder's modification time; a folder without write permission takes no children), then
         * flushes every folder to disk.
         */
        void finishFolders() throws IOException {
            List<String> order = new ArrayList<>(folderAttributes.keySet());
            order.sort(Comparator.comparingInt(ContentExtractor::depth).reversed());
            for (String relative : order) {
                FolderAttributes attributes = folderAttributes.get(relative);
                Path path = root.resolve(relative);
                boolean owned = restoreOwner(path, attributes.uid(), attributes.gid());
                setMode(path, attributes.mode(), owned);
                setModified(path, attributes.modified());
            }
            for (String relative : folders) {
                syncFolder(root.resolve(relative));
            }
        }
    }

    /** @return whether owner and group are now those of the archive */
    private boolean restoreOwner(Path path, long uid, long gid) {
        if (!ownersRestorable || uid < 0 || uid > Integer.MAX_VALUE || gid < 0 || gid > Integer.MAX_VALUE) {
            return false;
        }
        try {
            Files.setAttribute(path, "unix:uid", (int) uid, NOFOLLOW);
            Files.setAttribute(path, "unix:gid", (int) gid, NOFOLLOW);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            ownersRestorable = false;
            LOG.info("Restored files keep the restoring user as owner, not the owners stored in the backup: changing"
                    + " the owner of {} was refused ({}). Only root can restore owners; set-user-id and set-group-id"
                    + " bits are dropped where owners are not restored.", path, e.toString());
            return false;
        }
    }

    private static void setMode(Path path, int mode, boolean ownerRestored) throws IOException {
        // Set after the owner: changing the owner clears the set-id bits.
        Files.setAttribute(path, "unix:mode", mode & (ownerRestored ? PERMISSION_BITS : WITHOUT_SET_ID), NOFOLLOW);
    }

    private static void setModified(Path path, FileTime modified) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(modified, null, null);
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static int depth(String relative) {
        if (relative.isEmpty()) {
            return 0;
        }
        int depth = 1;
        for (int i = 0; i < relative.length(); i++) {
            if (relative.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }
}
