package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The rules every entry of a content's tar must keep before anything of it is written, applied alike by the
 * verification pass and the extraction pass. One instance follows one tar from its first entry to its end: whether
 * an entry is safe depends on the entries before it (a path through an earlier symbolic link, a hard link to an
 * earlier file, a folder where a file was).
 *
 * <p>Rules: names are relative, without {@code ..} segments or NUL; no entry is written through a symbolic link or
 * below a file; symbolic links, followed through the archive's other links, stay inside the content's folder; hard
 * links name an earlier regular file; devices, named pipes and unknown types are refused; a name is used again only
 * by an entry of the same type. The state kept is one map entry per name, never file data.
 */
final class TarEntryRules {
    /** What an accepted entry makes. */
    enum Kind {
        FOLDER("folder"), FILE("file"), SYMLINK("symbolic link"), HARD_LINK("hard link");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /**
     * An accepted entry.
     *
     * @param path the normalized relative path: no {@code .} or empty segments, no trailing slash; empty for the
     *        content's folder itself
     * @param kind what to make
     * @param link a symbolic link's target text as stored, or a hard link's target as a normalized path; else null
     * @param size the number of data bytes the entry's stream yields (a file's size, holes of sparse files included)
     * @param replacesEarlier whether an earlier file or link of the same name must be removed first
     */
    record CheckedEntry(String path, Kind kind, String link, long size, boolean replacesEarlier) {
        boolean isRoot() {
            return path.isEmpty();
        }
    }

    /*
     * Linux follows at most 40 links in one lookup. A link whose resolution needs more than this budget cannot be
     * followed by the kernel either (it fails with ELOOP), so it cannot lead anywhere; it is accepted.
     */
    private static final int LINK_BUDGET = 64;

    private final String content;
    /* The type of every name seen, folders made implicitly as parents included; a hard link counts as a file. */
    private final Map<String, Kind> known = new HashMap<>();
    /* Symbolic links by normalized path, with their target text, in archive order. */
    private final Map<String, String> symlinks = new LinkedHashMap<>();
    private long entries;
    private long fileBytes;

    TarEntryRules(String content) {
        this.content = content;
    }

    /** @return a reader of a content's tar; names that are not PAX records are read as UTF-8 */
    static TarArchiveInputStream open(InputStream tar) {
        return new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
    }

    /**
     * @return the next entry of {@code tar}, or null at its end; a damaged header becomes an IOException naming the
     *         content
     */
    TarArchiveEntry next(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new IOException("The tar of content '" + content + "' is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Reads what follows the tar's end-of-archive records, so that a checksum at the end of the stream (zstd's) is
     * read and checked by the stream that holds it.
     */
    static void drain(InputStream tar) throws IOException {
        tar.transferTo(OutputStream.nullOutputStream());
    }

    /**
     * Checks the next entry of the tar and records it.
     *
     * @throws UnsafeArchiveException when the entry breaks a rule, naming the content, the entry and the rule
     */
    CheckedEntry check(TarArchiveEntry entry) throws UnsafeArchiveException {
        String name = entry.getName();
        Kind kind = kindOf(entry);
        String path = relativePath(name, name, "name");
        if (name.endsWith("/") && kind != Kind.FOLDER) {
            throw refuse(name, "ends with '/' but is a " + kind.words + ", not a folder");
        }
        if (path.isEmpty() && kind != Kind.FOLDER) {
            throw refuse(name, "names the content's folder itself but is a " + kind.words);
        }
        checkParents(name, path);

        String link = null;
        long size = 0;
        switch (kind) {
            case FILE -> size = entry.isSparse() ? entry.getRealSize() : entry.getSize();
            case SYMLINK -> {
                link = entry.getLinkName();
                checkSymlinkTarget(name, path, link);
            }
            case HARD_LINK -> link = hardLinkTarget(name, path, entry.getLinkName());
            case FOLDER -> {
                // nothing more to check
            }
        }
        if (size < 0) {
            throw refuse(name, "has a negative size");
        }

        Kind stored = kind == Kind.HARD_LINK ? Kind.FILE : kind;
        boolean replaces = false;
        if (!path.isEmpty()) {
            Kind earlier = known.get(path);
            if (earlier != null && earlier != stored) {
                throw refuse(name, "is a " + kind.words + ", but an earlier entry of the same name is a "
                        + earlier.words);
            }
            replaces = earlier != null && stored != Kind.FOLDER;
            known.put(path, stored);
        }
        if (kind == Kind.SYMLINK) {
            symlinks.put(path, link);
            // With the links known so far; finish() checks again once every link is known.
            checkStaysInside(name, path, link);
        }
        entries++;
        fileBytes = saturatedAdd(fileBytes, size);
        return new CheckedEntry(path, kind, link, size, replaces);
    }

    /**
     * Checks what can only be checked once every entry is known: a symbolic link may lead outside through links
     * that come later in the tar.
     *
     * @return the totals of the tar
     */
    ContentCheck finish() throws UnsafeArchiveException {
        for (Map.Entry<String, String> link : symlinks.entrySet()) {
            checkStaysInside(link.getKey(), link.getKey(), link.getValue());
        }
        return new ContentCheck(content, entries, fileBytes);
    }

    private Kind kindOf(TarArchiveEntry entry) throws UnsafeArchiveException {
        byte flag = entry.getLinkFlag();
        return switch (flag) {
            // Old tars mark folders by a trailing slash on an entry of the plain file type.
            case TarConstants.LF_OLDNORM, TarConstants.LF_NORMAL ->
                    entry.getName().endsWith("/") ? Kind.FOLDER : Kind.FILE;
            case TarConstants.LF_CONTIG, TarConstants.LF_GNUTYPE_SPARSE -> Kind.FILE;
            case TarConstants.LF_DIR -> Kind.FOLDER;
            case TarConstants.LF_SYMLINK -> Kind.SYMLINK;
            case TarConstants.LF_LINK -> Kind.HARD_LINK;
            case TarConstants.LF_CHR -> throw refuse(entry.getName(),
                    "is a character device; a restore never makes device files");
            case TarConstants.LF_BLK -> throw refuse(entry.getName(),
                    "is a block device; a restore never makes device files");
            case TarConstants.LF_FIFO -> throw refuse(entry.getName(),
                    "is a named pipe (FIFO); a restore never makes named pipes");
            default -> throw refuse(entry.getName(), "has the entry type '" + printableFlag(flag)
                    + "', which a restore does not know; only folders, files, symbolic and hard links are restored");
        };
    }

    /**
     * @param name the entry's name, for messages
     * @param raw the name or hard link target to normalize
     * @param what what {@code raw} is, for messages: "name" or "hard link target"
     * @return {@code raw} without {@code .} and empty segments, joined by '/'; empty for the content's folder
     */
    private String relativePath(String name, String raw, String what) throws UnsafeArchiveException {
        if (raw == null || raw.isEmpty()) {
            throw refuse(name, "has an empty " + what);
        }
        if (raw.indexOf('\0') >= 0) {
            throw refuse(name, "has a NUL character in its " + what);
        }
        if (raw.startsWith("/")) {
            throw refuse(name, "has an absolute path as its " + what
                    + ", which points outside the content's folder");
        }
        StringBuilder path = new StringBuilder(raw.length());
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw refuse(name, "has a '..' segment in its " + what + ", which could reach outside the content's "
                        + "folder");
            }
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(segment);
        }
        return path.toString();
    }

    /* Every parent must be a folder: none may be a symbolic link (never written through) or a file. */
    private void checkParents(String name, String path) throws UnsafeArchiveException {
        int slash = path.indexOf('/');
        while (slash >= 0) {
            String parent = path.substring(0, slash);
            Kind kind = known.get(parent);
            if (kind == null) {
                known.put(parent, Kind.FOLDER);
            } else if (kind == Kind.SYMLINK) {
                throw refuse(name, "goes through the symbolic link '" + UnsafeArchiveException.printable(parent)
                        + "' of an earlier entry; a restore never writes through a link");
            } else if (kind != Kind.FOLDER) {
                throw refuse(name, "lies below '" + UnsafeArchiveException.printable(parent)
                        + "', which an earlier entry made a " + kind.words);
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    private void checkSymlinkTarget(String name, String path, String target) throws UnsafeArchiveException {
        if (target == null || target.isEmpty()) {
            throw refuse(name, "is a symbolic link with an empty target");
        }
        if (target.indexOf('\0') >= 0) {
            throw refuse(name, "is a symbolic link whose target has a NUL character");
        }
        if (target.startsWith("/")) {
            throw refuse(name, "is a symbolic link to the absolute path '" + UnsafeArchiveException.printable(target)
                    + "', outside the content's folder");
        }
    }

    private String hardLinkTarget(String name, String path, String raw) throws UnsafeArchiveException {
        String target = relativePath(name, raw, "hard link target");
        if (target.isEmpty()) {
            throw refuse(name, "is a hard link to the content's folder itself");
        }
        if (target.equals(path)) {
            throw refuse(name, "is a hard link to itself");
        }
        if (known.get(target) != Kind.FILE) {
            throw refuse(name, "is a hard link to '" + UnsafeArchiveException.printable(raw)
                    + "', which is not an earlier regular file of the archive");
        }
        return target;
    }

    /*
     * Resolves the link as the kernel would, following the archive's other links met on the way, and refuses it when
     * it reaches above the content's folder. Names the archive does not have are taken as plain folders.
     */
    private void checkStaysInside(String name, String path, String target) throws UnsafeArchiveException {
        Deque<String> at = new ArrayDeque<>(parentSegments(path));
        int[] budget = {LINK_BUDGET};
        if (!resolve(at, target, budget)) {
            throw refuse(name, "is a symbolic link to '" + UnsafeArchiveException.printable(target)
                    + "', which points outside the content's folder");
        }
    }

    /** @return false when the walk reaches above the content's folder; true otherwise (also when out of budget) */
    private boolean resolve(Deque<String> at, String target, int[] budget) {
        if (target.startsWith("/")) {
            return false;
        }
        for (String segment : target.split("/")) {
            if (budget[0] < 0) {
                return true;
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (at.isEmpty()) {
                    return false;
                }
                at.removeLast();
                continue;
            }
            at.addLast(segment);
            String link = symlinks.get(String.join("/", at));
            if (link != null) {
                if (--budget[0] < 0) {
                    return true;
                }
                at.removeLast();
                if (!resolve(at, link, budget)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> parentSegments(String path) {
        List<String> segments = new ArrayList<>(List.of(path.split("/")));
        segments.remove(segments.size() - 1);
        return segments;
    }

    private UnsafeArchiveException refuse(String name, String reason) {
        return new UnsafeArchiveException(content, name, reason);
    }

    private static String printableFlag(byte flag) {
        return flag >= 0x21 && flag < 0x7f ? Character.toString((char) flag) : String.format("\\x%02x", flag & 0xff);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
