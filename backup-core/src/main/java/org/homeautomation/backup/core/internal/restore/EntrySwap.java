package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.homeautomation.backup.core.internal.restore.StepListener.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swaps what is inside a live folder, keeping the folder itself: a runtime that watches it (Felix File Install on
 * Karaf's {@code etc}, openHAB's watch service) keeps seeing changes in it, which it would not if the folder were
 * renamed away. Each old top-level entry goes into the rollback folder and each restored one comes in from the
 * staging folder, by renames on one file system, name by name so that a name is missing for as short a time as
 * possible; a regular file replaced by a regular file is never missing at all: it is hard-linked into the rollback
 * folder, then the restored one is renamed over it.
 *
 * <p>Putting back works from whatever state a swap, a rollback or an earlier recovery left each name in, judged
 * per name from what exists in the live, rollback and staging folders. Nothing is copied.
 */
final class EntrySwap {
    private static final Logger LOG = LoggerFactory.getLogger(EntrySwap.class);

    private EntrySwap() {
    }

    /** @return whether {@code name} is one plain path element: not empty, no separator, not . or .. */
    static boolean isPlainName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    /** @return the names in {@code folder}, sorted, without those in {@code leftOut} */
    static List<String> names(Path folder, Collection<String> leftOut) throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.removeAll(leftOut);
        return new ArrayList<>(names);
    }

    /**
     * Moves every old entry aside into the (new, empty) rollback folder and every restored entry into the live
     * folder, name by name, telling the listener after each step.
     */
    static void swapIn(RestoreJournal.Swap swap, int index, StepListener listener) throws IOException {
        Files.createDirectory(swap.rollback());
        Set<String> old = new HashSet<>(swap.oldEntries());
        Set<String> restored = new HashSet<>(swap.newEntries());
        for (String name : allNames(swap)) {
            Path live = swap.live().resolve(name);
            Path aside = swap.rollback().resolve(name);
            Path incoming = swap.staging().resolve(name);
            if (old.contains(name) && restored.contains(name) && linkedAside(live, aside, incoming)) {
                listener.reached(Step.OLD_ENTRY_MOVED_ASIDE, index);
                // rename(2) replaces the old file's name in one step: the name is never missing.
                Files.move(incoming, live, StandardCopyOption.ATOMIC_MOVE);
                listener.reached(Step.NEW_ENTRY_MOVED_IN, index);
                continue;
            }
            if (old.contains(name)) {
                RestoreTransaction.move(live, aside);
                listener.reached(Step.OLD_ENTRY_MOVED_ASIDE, index);
            }
            if (restored.contains(name)) {
                RestoreTransaction.move(incoming, live);
                listener.reached(Step.NEW_ENTRY_MOVED_IN, index);
            }
        }
    }

    /**
     * Plans putting every old entry back from the rollback folder, as the disk is now; nothing is changed yet.
     *
     * @throws IOException when a name is in a state no swap leaves (someone changed the folders): nothing is planned
     */
    static List<RestoreTransaction.PlannedStep> planPutBack(RestoreJournal.Swap swap, int index,
            StepListener listener) throws IOException {
        List<RestoreTransaction.PlannedStep> plan = new ArrayList<>();
        if (!FolderTrees.exists(swap.rollback())) {
            // Created before the first entry moves: without it, every old entry is still in place.
            return plan;
        }
        if (!Files.isDirectory(swap.rollback(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(swap.rollback() + " is not a folder, which a restore never leaves; check what it"
                    + " is");
        }
        Set<String> old = new HashSet<>(swap.oldEntries());
        for (String name : names(swap.rollback(), old)) {
            throw new IOException(swap.rollback() + " holds '" + name + "', which the journal does not list as an"
                    + " old entry of " + swap.live() + "; check where it belongs");
        }
        plan.add(new RestoreTransaction.PlannedStep(null, actions -> RestoreTransaction.returnKept(swap, actions)));
        List<String> all = allNames(swap);
        for (int i = all.size() - 1; i >= 0; i--) {
            String name = all.get(i);
            Path live = swap.live().resolve(name);
            Path aside = swap.rollback().resolve(name);
            Path incoming = swap.staging().resolve(name);
            boolean l = FolderTrees.exists(live);
            boolean s = FolderTrees.exists(incoming);
            if (old.contains(name) && FolderTrees.exists(aside)) {
                plan.add(putBackOld(swap, name, l, s, index, listener));
            } else if (old.contains(name) && !l) {
                plan.add(new RestoreTransaction.PlannedStep("Nothing to put back for " + live + ": it was gone"
                        + " before the restore moved it", actions -> LOG.warn("{} was gone before restore moved it"
                                + " aside; nothing to put back", live)));
            } else if (!old.contains(name) && l && !s) {
                plan.add(new RestoreTransaction.PlannedStep("Moved the restored " + live + " out", actions -> {
                    RestoreTransaction.move(live, incoming);
                    listener.reached(Step.NEW_ENTRY_MOVED_OUT, index);
                }));
            }
        }
        plan.add(new RestoreTransaction.PlannedStep("Removed the emptied " + swap.rollback(), actions -> {
            // Empty by now; anything left in it is kept for a person to look at.
            Files.deleteIfExists(swap.rollback());
            listener.reached(Step.OLD_TREE_PUT_BACK, index);
        }));
        return plan;
    }

    /* The old entry is in the rollback folder; the live name holds the old one (a link), a new one, or nothing. */
    private static RestoreTransaction.PlannedStep putBackOld(RestoreJournal.Swap swap, String name, boolean liveExists,
            boolean stagedExists, int index, StepListener listener) throws IOException {
        Path live = swap.live().resolve(name);
        Path aside = swap.rollback().resolve(name);
        Path incoming = swap.staging().resolve(name);
        String action = "Put back " + live;
        if (!liveExists) {
            return new RestoreTransaction.PlannedStep(action, actions -> {
                RestoreTransaction.move(aside, live);
                listener.reached(Step.ENTRY_PUT_BACK, index);
            });
        }
        if (sameFile(live, aside)) {
            return new RestoreTransaction.PlannedStep(null, actions -> {
                // Linked aside but never replaced: the old file is still in place.
                Files.delete(aside);
                listener.reached(Step.ENTRY_PUT_BACK, index);
            });
        }
        if (!isFolder(live) && !isFolder(aside)) {
            return new RestoreTransaction.PlannedStep(action, actions -> {
                // rename(2) replaces the restored file with the old one in one step.
                Files.move(aside, live, StandardCopyOption.ATOMIC_MOVE);
                listener.reached(Step.ENTRY_PUT_BACK, index);
            });
        }
        if (stagedExists) {
            throw new IOException(live + ", its old entry " + aside + " and the restored entry " + incoming
                    + " all exist, which a restore never leaves; check which of them to keep");
        }
        return new RestoreTransaction.PlannedStep(action, actions -> {
            RestoreTransaction.move(live, incoming);
            listener.reached(Step.NEW_ENTRY_MOVED_OUT, index);
            RestoreTransaction.move(aside, live);
            listener.reached(Step.ENTRY_PUT_BACK, index);
        });
    }

    /*
     * Hard-links a regular file that a regular file or link replaces into the rollback folder. Not every file system
     * allows hard links, nor does Linux for a file the process neither owns nor may write (protected_hardlinks); then
     * the caller renames it aside instead.
     */
    private static boolean linkedAside(Path live, Path aside, Path incoming) {
        try {
            if (!Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS) || isFolder(incoming)) {
                return false;
            }
            Files.createLink(aside, live);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("Cannot hard-link {} aside, renaming it: {}", live, e.toString());
            return false;
        }
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        Object keyA = Files.readAttributes(a, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        Object keyB = Files.readAttributes(b, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        return keyA != null && Objects.equals(keyA, keyB);
    }

    private static boolean isFolder(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static List<String> allNames(RestoreJournal.Swap swap) {
        Set<String> all = new TreeSet<>(swap.oldEntries());
        all.addAll(swap.newEntries());
        return new ArrayList<>(all);
    }
}
