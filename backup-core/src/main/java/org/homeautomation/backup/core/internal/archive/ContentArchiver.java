package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the tree of one content as a tar into a {@link ZstdSink}: folders, regular files and symbolic links (not
 * followed), with permission bits, owner, and modification time in whole seconds. Entries within a folder are in
 * name order, so the same tree gives the same tar. Headers come from {@link TarRecords}; file data is read straight
 * into the sink's buffer.
 *
 * <p>Only source-side trouble is handled here (the unreadable-file policy, files changing while read); errors
 * writing the archive propagate untouched.
 */
final class ContentArchiver {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;
    private static final int PERMISSION_BITS = 07777;
    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime";

    private final ContentSource source;
    private final UnreadableFilePolicy policy;
    private final ArchiveListener listener;
    private final List<String> warnings;
    private final OwnerNames owners;

    ContentArchiver(ContentSource source, UnreadableFilePolicy policy, ArchiveListener listener,
            List<String> warnings, OwnerNames owners) {
        this.source = source;
        this.policy = policy;
        this.listener = listener;
        this.warnings = warnings;
        this.owners = owners;
    }

    /** Writes the whole tar of the content into {@code tar}, end-of-archive records included. */
    void archive(ZstdSink tar) throws IOException {
        Path root;
        try {
            root = source.root().toRealPath();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(source.root().toString(), null,
                    "the folder of backup content '" + source.name() + "' does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(source.root() + ": the source of backup content '" + source.name()
                    + "' is not a folder");
        }
        List<Path> children = list(root, "");
        if (children != null) {
            archiveChildren(tar, children, "");
        }
        tar.zeros(TarRecords.END_OF_ARCHIVE_LENGTH);
    }

    private void archiveChildren(ZstdSink tar, List<Path> children, String folder) throws IOException {
        for (Path child : children) {
            failIfInterrupted(null);
            archiveEntry(tar, child, folder + child.getFileName());
        }
    }

    private void archiveEntry(ZstdSink tar, Path path, String relative) throws IOException {
        if (source.excluder().excludes(source.name(), relative, path)) {
            return;
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            unreadable(relative, e);
            return;
        }
        int mode = (Integer) attributes.get("mode");
        switch (mode & S_IFMT) {
            case S_IFDIR -> directory(tar, path, relative + "/", attributes);
            case S_IFREG -> regularFile(tar, path, relative, attributes);
            case S_IFLNK -> symbolicLink(tar, path, relative, attributes);
            default -> warnings.add("Skipped " + display(relative) + ": it is a " + kind(mode)
                    + "; only files, folders and symbolic links are archived");
        }
    }

    /* The folder is listed before its header is written, so that an unreadable folder can be left out whole. */
    private void directory(ZstdSink tar, Path path, String relative, Map<String, Object> attributes)
            throws IOException {
        List<Path> children = list(path, relative);
        if (children == null) {
            return;
        }
        tar.put(TarRecords.header(entry(relative, TarConstants.LF_DIR, path, attributes)));
        archiveChildren(tar, children, relative);
    }

    /*
     * The file is opened before its header is written, so that a file that cannot be opened can be left out. The
     * header carries the size listed; the copy stops there if the file grew, and fills up with zeros if it shrank,
     * so the tar stays valid either way.
     */
    private void regularFile(ZstdSink tar, Path path, String relative, Map<String, Object> attributes)
            throws IOException {
        long size = (Long) attributes.get("size");
        listener.fileStarting(source.name(), relative, size);
        FileChannel in;
        try {
            in = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            unreadable(relative, e);
            return;
        }
        try (in) {
            TarArchiveEntry entry = entry(relative, TarConstants.LF_NORMAL, path, attributes);
            entry.setSize(size);
            tar.entryStarting(size);
            tar.put(TarRecords.header(entry));
            copy(in, tar, relative, size);
            tar.zeros(TarRecords.padding(size));
        }
    }

    private void copy(FileChannel in, ZstdSink tar, String relative, long size) throws IOException {
        long copied = 0;
        IOException readError = null;
        while (copied < size) {
            ByteBuffer space = tar.space();
            int limit = space.limit();
            space.limit((int) Math.min(limit, space.position() + (size - copied)));
            int n;
            try {
                n = in.read(space);
            } catch (IOException e) {
                readError = e;
                break;
            } finally {
                space.limit(limit);
            }
            if (n < 0) {
                break;
            }
            copied += n;
        }
        if (copied == size) {
            return;
        }
        if (readError != null) {
            failIfInterrupted(readError);
            if (policy == UnreadableFilePolicy.FAIL) {
                throw new UnreadableFileException(source.name(), relative, reason(readError), readError);
            }
            warnings.add("Stored only the first " + copied + " of " + size + " bytes of " + display(relative) + ": "
                    + reason(readError) + "; the rest is stored as zeros");
        } else {
            warnings.add("File " + display(relative) + " shrank from " + size + " to " + copied
                    + " bytes while it was read; the missing bytes are stored as zeros");
        }
        tar.zeros(size - copied);
    }

    private void symbolicLink(ZstdSink tar, Path path, String relative, Map<String, Object> attributes)
            throws IOException {
        String target;
        try {
            target = Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            unreadable(relative, e);
            return;
        }
        if (leavesTheContent(relative, target)) {
            warnings.add("Skipped " + display(relative) + ": it is a symbolic link to " + target + ", outside the"
                    + " content, which a restore would refuse. Back up the folder it leads to as a source of its own"
                    + " if it matters.");
            return;
        }
        TarArchiveEntry entry = entry(relative, TarConstants.LF_SYMLINK, path, attributes);
        entry.setLinkName(target);
        tar.put(TarRecords.header(entry));
    }

    /*
     * Whether a link's target, read from the folder the link is in, leads out of the content's folder: an absolute
     * target, or more ".." than there are folders above the link. Restore refuses such links (they could make it
     * write outside the content), so they are not stored.
     */
    static boolean leavesTheContent(String linkPath, String target) {
        if (target.startsWith("/")) {
            return true;
        }
        int depth = linkPath.split("/").length - 1;
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                depth--;
                if (depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    private TarArchiveEntry entry(String name, byte type, Path path, Map<String, Object> attributes) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setMode((Integer) attributes.get("mode") & PERMISSION_BITS);
        FileTime modified = (FileTime) attributes.get("lastModifiedTime");
        entry.setLastModifiedTime(FileTime.from(modified.to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        int uid = (Integer) attributes.get("uid");
        int gid = (Integer) attributes.get("gid");
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setUserName(owners.user(uid, path));
        entry.setGroupName(owners.group(gid, path));
        return entry;
    }

    /** @return the folder's entries in name order, or null when it cannot be listed and is skipped */
    private List<Path> list(Path folder, String relative) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path child : stream) {
                children.add(child);
            }
        } catch (IOException e) {
            unreadable(relative, e);
            return null;
        } catch (DirectoryIteratorException e) {
            unreadable(relative, e.getCause());
            return null;
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return children;
    }

    private void unreadable(String relative, IOException e) throws IOException {
        failIfInterrupted(e);
        if (policy == UnreadableFilePolicy.FAIL) {
            throw new UnreadableFileException(source.name(), relative, reason(e), e);
        }
        warnings.add("Skipped " + display(relative) + ": " + reason(e));
    }

    /* An interrupted thread makes file channels fail; that is a cancellation, not an unreadable file. */
    private static void failIfInterrupted(IOException cause) throws InterruptedIOException {
        if (cause instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException e = new InterruptedIOException("Writing the backup archive was interrupted");
            e.initCause(cause);
            throw e;
        }
    }

    private String display(String relative) {
        return source.name() + "/" + relative;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "it was deleted while the backup was being written";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String kind(int mode) {
        return switch (mode & S_IFMT) {
            case S_IFIFO -> "named pipe (FIFO)";
            case S_IFSOCK -> "socket";
            case S_IFCHR -> "character device";
            case S_IFBLK -> "block device";
            default -> "special file (mode " + Integer.toOctalString(mode) + ")";
        };
    }
}
