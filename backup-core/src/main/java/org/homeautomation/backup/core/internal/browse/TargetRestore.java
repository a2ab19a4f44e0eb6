package org.homeautomation.backup.core.internal.browse;

import org.homeautomation.backup.core.internal.paths.PathSelection;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.core.internal.restore.ContentExtractor;
import org.homeautomation.backup.core.internal.restore.FolderTrees;
import org.homeautomation.backup.core.internal.restore.UnsafeArchiveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a backup, or the paths chosen of it, into a folder of the person's choice ({@code --target}), never touching
 * the live folders or the participants. Each content goes to {@code target/<content>}, which must not exist yet.
 *
 * <p>The archive streams from the agent once, with no staging copy: everything is unpacked into a hidden folder inside
 * the target ({@code .restore-<id>}), every entry checked by the restore's rules (no absolute paths, no {@code ..}, no
 * links leading outside, no devices) as it is written; only when the archive has been read to its end and its SHA-256
 * digest matched are the contents renamed into place. So a damaged, cut or hostile archive, a wrong password or a full
 * disk leaves nothing in the target but what was there before.
 */
public final class TargetRestore {
    private static final Logger LOG = LoggerFactory.getLogger(TargetRestore.class);

    private final String agentId;
    private final BackupMetadata metadata;
    private final RestoreOptions options;
    private final Collection<Path> liveFolders;
    private final ArchiveOpener opener;

    /**
     * @param agentId the agent whose copy is read
     * @param metadata that copy's metadata
     * @param options the restore asked for; its target is set
     * @param liveFolders the configured source folders, which the target must stay clear of
     * @param opener opens the archive, unprotected
     */
    public TargetRestore(String agentId, BackupMetadata metadata, RestoreOptions options, Collection<Path> liveFolders,
            ArchiveOpener opener) {
        this.agentId = agentId;
        this.metadata = metadata;
        this.options = options;
        this.liveFolders = liveFolders;
        this.opener = opener;
    }

    /**
     * Runs on the calling thread; blocks while the archive is read and written.
     *
     * @return what was restored
     * @throws BackupException when the target is unfit (a live folder, inside or around one; a content's folder exists
     *         in it), the password is wrong, no entry is chosen, or the archive is damaged or unsafe; the target is
     *         then as before
     */
    public RestoreResult run() throws BackupException {
        String id = metadata.id();
        Path target = options.target().orElseThrow();
        PathSelection selection = PathSelection.of(options.paths());
        List<String> contents = contents(selection);
        requireClearOfLiveFolders(target);
        for (String c : contents) {
            if (Files.exists(target.resolve(c), LinkOption.NOFOLLOW_LINKS)) {
                throw new BackupException("Cannot restore backup " + id + " into " + target + ": " + target.resolve(c)
                        + " exists already. Choose an empty folder, or move it away. Nothing was restored.");
            }
        }
        Path work = target.resolve(".restore-" + id);
        char[] password = options.password().orElse(null);
        try (BackupCopyReader copy = BackupCopyReader.of(agentId, metadata, password, opener)) {
            Files.createDirectories(target);
            FolderTrees.deleteTree(work);
            Files.createDirectory(work);
            long chosen = unpack(copy, contents, selection, work);
            if (chosen == 0) {
                throw new BackupException("No entry of backup " + id + " matches " + String.join(", ",
                        selection.globs()) + "; see backup:contents " + id + " for its paths. Nothing was restored.");
            }
            moveIntoPlace(work, target, contents);
            LOG.info("Backup {} restored into {}: {} ({} entries)", id, target, contents, chosen);
            return RestoreResult.builder().backupId(id).agentId(agentId).contents(contents).build();
        } catch (IOException e) {
            throw new BackupException("Could not restore backup " + id + " into " + target + ": " + e.getMessage()
                    + ". Nothing was restored.", e);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
            deleteQuietly(work);
        }
    }

    /** @return the contents to unpack, in archive order */
    private List<String> contents(PathSelection selection) throws BackupException {
        for (String c : options.contents()) {
            if (!metadata.contents().contains(c)) {
                throw new BackupException("Backup " + metadata.id() + " has no content '" + c + "'. Its contents: "
                        + String.join(", ", metadata.contents()) + ".");
            }
        }
        List<String> contents = new ArrayList<>();
        for (String c : metadata.contents()) {
            if ((options.contents().isEmpty() || options.contents().contains(c)) && selection.mayChooseIn(c)) {
                contents.add(c);
            }
        }
        if (contents.isEmpty()) {
            throw new BackupException("No content of backup " + metadata.id() + " matches " + String.join(", ",
                    selection.globs()) + "; its contents are " + String.join(", ", metadata.contents())
                    + ", and a path starts with its content's name. Nothing was restored.");
        }
        return contents;
    }

    /** @return the number of entries written */
    private long unpack(BackupCopyReader copy, List<String> contents, PathSelection selection, Path work)
            throws BackupException, IOException {
        AtomicLong written = new AtomicLong();
        try (ArchiveEntryReader reader = copy.open()) {
            String content;
            while ((content = reader.nextContent()) != null) {
                if (!contents.contains(content)) {
                    continue;
                }
                String c = content;
                Path folder = Files.createDirectory(work.resolve(content));
                new ContentExtractor().extract(content, reader.contentTar(), folder, path -> {
                    boolean chosen = selection.chooses(c, path);
                    if (chosen) {
                        written.incrementAndGet();
                    }
                    return chosen;
                });
            }
            // The digest is checked at the end of the download: only a whole, intact archive is moved into place.
            reader.finish();
        } catch (UnsafeArchiveException e) {
            throw new BackupException("Backup " + copy.backupId() + " cannot be restored. " + e.getMessage()
                    + " Nothing was restored.", e);
        } catch (IOException e) {
            throw copy.readFailure(e);
        }
        return written.get();
    }

    private void moveIntoPlace(Path work, Path target, List<String> contents) throws IOException {
        List<Path> moved = new ArrayList<>();
        try {
            for (String c : contents) {
                Path from = work.resolve(c);
                if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.move(from, target.resolve(c), StandardCopyOption.ATOMIC_MOVE);
                moved.add(target.resolve(c));
            }
        } catch (AtomicMoveNotSupportedException e) {
            moved.forEach(TargetRestore::deleteQuietly);
            throw new IOException("the restored folders could not be renamed into " + target + " (" + e.getMessage()
                    + ")", e);
        } catch (IOException e) {
            moved.forEach(TargetRestore::deleteQuietly);
            throw e;
        }
    }

    /* The target must neither be nor hold nor lie in a live folder: the restore would write live data then. */
    private void requireClearOfLiveFolders(Path target) throws BackupException {
        Path t = realPath(target);
        for (Path live : liveFolders) {
            Path l = realPath(live);
            if (t.startsWith(l) || l.startsWith(t)) {
                throw new BackupException("Cannot restore backup " + metadata.id() + " into " + target + ": "
                        + (t.startsWith(l) ? "it is the live folder " + live + " or inside it"
                                : "it holds the live folder " + live)
                        + ", and a restore into another folder never touches live data. Choose a folder outside the"
                        + " live folders, or restore without --target. Nothing was restored.");
            }
        }
    }

    /** @return the absolute path with its existing part resolved (links followed), the rest as it is */
    private static Path realPath(Path p) {
        return FolderTrees.realPathOfExistingPart(p.toAbsolutePath().normalize());
    }

    private static void deleteQuietly(Path p) {
        try {
            FolderTrees.deleteTree(p);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}. Delete it by hand.", p, e.getMessage());
        }
    }
}
