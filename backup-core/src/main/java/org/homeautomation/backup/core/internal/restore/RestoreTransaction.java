package org.homeautomation.backup.core.internal.restore;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.homeautomation.backup.core.internal.restore.RestoreJournal.Mode;
import org.homeautomation.backup.core.internal.restore.RestoreJournal.Phase;
import org.homeautomation.backup.core.internal.restore.StepListener.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the restored trees of several folders in place together, reversibly and safely against a crash at any point.
 *
 * <p>Each live folder keeps being the same folder, so that a runtime watching it keeps seeing changes in it: its
 * top-level entries are moved into {@code <live>.rollback-<id>} and those of the staging folder into it, by renames
 * ({@link EntrySwap}); nothing is copied. Paths that are kept stay where they are, or, below a moved entry, are
 * carried into the restored one. Only a live folder whose entries cannot be moved (the process may not write it) is
 * swapped whole, by renaming the folder itself, and one that does not exist is created by renaming the staging
 * folder; {@link #replacedWhole()} names the folders a running runtime then no longer watches.
 *
 * <p>The old trees stay in the rollback folders until {@link #commit()} deletes them; {@link #rollback()} puts them
 * back and deletes the restored trees. A journal in the given folder, replaced atomically before every step that
 * changes a live folder and listing the entries it moves, lets {@link #recover(Path)} finish the job after a crash:
 * without a recorded commit, every live folder gets its old tree back; with one, the old trees are deleted. Either way
 * each live folder is entirely the old tree or entirely the new one, never a mix, never missing.
 *
 * <p>Use: {@link #prepare} (before unpacking into the staging folders, so that a crash while unpacking leaves no
 * staging folders behind either), {@link #swap()}, then {@link #commit()} or {@link #rollback()}. One restore per
 * journal folder at a time; {@link #recover(Path)} must have run since the last crash. Not thread-safe. All methods
 * block on disk I/O, including fsync.
 */
public final class RestoreTransaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreTransaction.class);
    static final Pattern RESTORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /* The deletions of old trees under way after a commit, by journal folder (absolute, normalized). */
    private static final Map<Path, CompletableFuture<Void>> OLD_TREE_DELETIONS = new ConcurrentHashMap<>();

    private enum State {
        PREPARED, SWAPPING, SWAPPED, COMMITTED, ROLLED_BACK
    }

    private final RestoreJournal journal;
    private final String restoreId;
    private final List<FolderSwap> swaps;
    private final StepListener listener;
    private final Predicate<Path> entriesMovable;
    private RestoreJournal.Record record;
    private State state;

    private RestoreTransaction(RestoreJournal journal, String restoreId, List<FolderSwap> swaps,
            StepListener listener, Predicate<Path> entriesMovable) {
        this.journal = journal;
        this.restoreId = restoreId;
        this.swaps = swaps;
        this.listener = listener;
        this.entriesMovable = entriesMovable;
    }

    /**
     * Checks the folders and records the restore in the journal. Changes no live folder. The staging folders need
     * not exist yet.
     *
     * @param journalFolder where the journal is kept (the manager's data area); created if missing
     * @param restoreId names the rollback folders: 1 to 64 of {@code A-Z a-z 0-9 . _ -}, starting with a letter or
     *        digit
     * @param swaps the folders to swap; live folders must be distinct and not inside one another
     * @return the transaction, prepared
     * @throws IllegalArgumentException when the id or the folders are not acceptable, or the journal folder is
     *         inside a folder being swapped (it would be swapped away with it, and a crash could not be recovered)
     * @throws IOException when a live folder cannot be swapped by renaming (a symbolic link, a mount point, not a
     *         folder), a rollback folder exists already, the journal of an unfinished restore is there (call
     *         {@link #recover(Path)} first), or the journal cannot be written
     */
    public static RestoreTransaction prepare(Path journalFolder, String restoreId, List<FolderSwap> swaps)
            throws IOException {
        return prepare(journalFolder, restoreId, swaps, StepListener.NONE);
    }

    static RestoreTransaction prepare(Path journalFolder, String restoreId, List<FolderSwap> swaps,
            StepListener listener) throws IOException {
        return prepare(journalFolder, restoreId, swaps, listener, RestoreTransaction::entriesMovable);
    }

    /** @param entriesMovable whether the entries of an existing live folder can be moved, or it is swapped whole */
    static RestoreTransaction prepare(Path journalFolder, String restoreId, List<FolderSwap> swaps,
            StepListener listener, Predicate<Path> entriesMovable) throws IOException {
        Objects.requireNonNull(restoreId, "restoreId");
        if (!RESTORE_ID.matcher(restoreId).matches()) {
            throw new IllegalArgumentException("Restore id '" + restoreId + "' must be 1 to 64 of A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
        }
        List<FolderSwap> list = List.copyOf(swaps);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("A restore needs at least one folder to swap");
        }
        checkDistinct(list, restoreId);
        checkJournalOutside(journalFolder, list, restoreId);
        awaitOldTreeDeletion(journalFolder);
        RestoreJournal journal = new RestoreJournal(journalFolder);
        if (journal.exists()) {
            throw new FileAlreadyExistsException(journal.file().toString(), null, "an earlier restore did not finish;"
                    + " RestoreTransaction.recover must run before another restore starts");
        }
        List<RestoreJournal.Swap> recorded = new ArrayList<>();
        for (FolderSwap swap : list) {
            checkLive(swap.live());
            checkRollbackFree(swap.rollback(restoreId));
            recorded.add(new RestoreJournal.Swap(swap.live(), swap.staging(), swap.rollback(restoreId),
                    FolderTrees.exists(swap.live()), swap.kept()));
        }
        RestoreTransaction transaction = new RestoreTransaction(journal, restoreId, list, listener, entriesMovable);
        transaction.record = new RestoreJournal.Record(restoreId, Phase.PREPARED, recorded);
        journal.write(transaction.record);
        transaction.state = State.PREPARED;
        listener.reached(Step.PREPARED_RECORDED, -1);
        LOG.debug("Restore {} prepared: {}", restoreId, list);
        return transaction;
    }

    /** @return the restore's id, as given */
    public String restoreId() {
        return restoreId;
    }

    /** @return the folders, as given (paths absolute and normalized) */
    public List<FolderSwap> swaps() {
        return swaps;
    }

    /**
     * Swaps every live folder with its staging folder. When a rename fails, the folders swapped so far are put back
     * before the exception is thrown, and the restored trees are deleted: the transaction is then rolled back.
     *
     * @throws IllegalStateException when not prepared, or already swapped
     * @throws IOException when a staging folder is missing or not a folder, a live folder cannot be renamed, or the
     *         journal cannot be written; the message says whether the old folders are back in place
     */
    public void swap() throws IOException {
        requireState(State.PREPARED, "swap");
        List<RestoreJournal.Swap> checked = new ArrayList<>();
        for (RestoreJournal.Swap swap : record.swaps()) {
            checkLive(swap.live());
            checkStaging(swap.staging());
            checkRollbackFree(swap.rollback());
            boolean liveExists = FolderTrees.exists(swap.live());
            boolean inPlace = liveExists && entriesMovable.test(swap.live());
            List<String> kept = new ArrayList<>();
            List<String> staying = new ArrayList<>();
            for (String k : swap.kept()) {
                // The restored tree never holds a kept path itself, so that after the swap a kept path in the live
                // folder is always the old one, which putting the old tree back returns.
                deleteFromRestoredTree(swap.staging(), k);
                if (inPlace && !k.contains("/")) {
                    // A kept top-level entry is not moved at all.
                    staying.add(k);
                } else if (liveExists && FolderTrees.exists(swap.live().resolve(k))) {
                    kept.add(k);
                }
            }
            checked.add(inPlace ? new RestoreJournal.Swap(swap.live(), swap.staging(), swap.rollback(), true, kept,
                    Mode.ENTRIES, EntrySwap.names(swap.live(), staying), EntrySwap.names(swap.staging(), staying))
                    : new RestoreJournal.Swap(swap.live(), swap.staging(), swap.rollback(), liveExists, kept));
        }
        record = new RestoreJournal.Record(restoreId, Phase.SWAPPING, checked);
        journal.write(record);
        state = State.SWAPPING;
        listener.reached(Step.SWAPPING_RECORDED, -1);
        try {
            for (int i = 0; i < checked.size(); i++) {
                RestoreJournal.Swap swap = checked.get(i);
                if (swap.mode() == Mode.ENTRIES) {
                    EntrySwap.swapIn(swap, i, listener);
                    carryKept(swap, i);
                    continue;
                }
                if (swap.liveExisted()) {
                    move(swap.live(), swap.rollback());
                    listener.reached(Step.LIVE_MOVED_ASIDE, i);
                } else if (FolderTrees.exists(swap.live())) {
                    throw new FileAlreadyExistsException(swap.live().toString(), null,
                            "it appeared while the restore was swapping folders");
                }
                move(swap.staging(), swap.live());
                listener.reached(Step.STAGING_MOVED_IN, i);
                carryKept(swap, i);
            }
            syncParents(checked);
            record = record.in(Phase.SWAPPED);
            journal.write(record);
        } catch (IOException | RuntimeException e) {
            throw undoFailedSwap(e);
        }
        state = State.SWAPPED;
        listener.reached(Step.SWAPPED_RECORDED, -1);
        LOG.info("Restore {}: the restored folders are in place, the old ones kept as {}", restoreId,
                rollbackFolders());
        if (!replacedWhole().isEmpty()) {
            LOG.warn("Restore {}: {} could not be restored in place and were replaced whole; a running runtime that"
                    + " watches them sees no changes in them until it restarts", restoreId, replacedWhole());
        }
    }

    /**
     * @return the live folders that existed and were replaced whole, by renaming, because their entries could not be
     *         moved: a runtime watching one of them no longer sees changes in it until it restarts. Empty before
     *         {@link #swap()}.
     */
    public List<Path> replacedWhole() {
        List<Path> whole = new ArrayList<>();
        if (state == State.PREPARED) {
            return whole;
        }
        for (RestoreJournal.Swap swap : record.swaps()) {
            if (swap.liveExisted() && swap.mode() == Mode.FOLDER) {
                whole.add(swap.live());
            }
        }
        return whole;
    }

    /**
     * Makes the restore final: records the commit, then deletes the old trees. When a rollback folder cannot be
     * deleted, that is logged and the journal kept, so that the next {@link #recover(Path)} deletes it; the restore
     * itself stays committed.
     *
     * @throws IllegalStateException when the folders are not swapped
     * @throws IOException when the commit cannot be recorded; then nothing changed and {@link #rollback()} may follow
     */
    public void commit() throws IOException {
        commitKeepingOldTrees().run();
    }

    /**
     * Makes the restore final, as {@link #commit()} does, but leaves deleting the old trees (which may take long) to
     * the returned task, for another thread. Until that task has run, the journal stays: {@link #prepare} and
     * {@link #recover(Path)} of the same journal folder in this process wait for the task, and after a crash the
     * next {@link #recover(Path)} deletes the old trees.
     *
     * @return the deletion of the old trees, the staging folders and the journal; it logs what it cannot delete and
     *         throws nothing; run it once
     * @throws IllegalStateException when the folders are not swapped
     * @throws IOException when the commit cannot be recorded; then nothing changed and {@link #rollback()} may follow
     */
    public Runnable commitKeepingOldTrees() throws IOException {
        requireState(State.SWAPPED, "commit");
        record = record.in(Phase.COMMITTED);
        journal.write(record);
        state = State.COMMITTED;
        listener.reached(Step.COMMITTED_RECORDED, -1);
        RestoreJournal.Record committed = record;
        CompletableFuture<Void> done = new CompletableFuture<>();
        OLD_TREE_DELETIONS.put(journal.folder(), done);
        return () -> {
            try {
                deleteRollbacks(committed, listener, new ArrayList<>());
                deleteStagingFolders(committed, listener, new ArrayList<>());
                journal.delete();
                journal.deleteFolderIfEmpty();
                LOG.info("Restore {} committed; the old folders {} are deleted", restoreId, rollbackFolders());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Restore {} is committed, but deleting the old folders failed: {}. They are deleted again"
                        + " at the next start; or delete {} by hand.", restoreId, e.toString(), rollbackFolders());
            } finally {
                OLD_TREE_DELETIONS.remove(journal.folder(), done);
                done.complete(null);
            }
        };
    }

    /**
     * Waits until the old trees of a committed restore with this journal folder are deleted, when their deletion is
     * under way in this process: its journal is in the folder until then.
     */
    static void awaitOldTreeDeletion(Path journalFolder) throws IOException {
        CompletableFuture<Void> pending = OLD_TREE_DELETIONS.get(journalFolder.toAbsolutePath().normalize());
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while the old folders of the previous restore were"
                    + " being deleted (journal in " + journalFolder + ")");
        } catch (java.util.concurrent.ExecutionException e) {
            // the deletion throws nothing; what it could not delete, the journal still names
        }
    }

    /**
     * Undoes the restore: every live folder gets its old tree back (a live folder that did not exist before is
     * removed again), and the restored trees and staging folders are deleted. Does nothing when already rolled back.
     *
     * @throws IllegalStateException when the restore was committed
     * @throws IOException when a folder cannot be renamed or deleted; the journal is then kept, so that the next
     *         {@link #recover(Path)} finishes putting the old folders back
     */
    public void rollback() throws IOException {
        switch (state) {
            case ROLLED_BACK -> {
                return;
            }
            case COMMITTED -> throw new IllegalStateException("Restore " + restoreId + " is committed; it cannot be"
                    + " rolled back");
            case PREPARED -> deleteStagingFolders(record, listener, new ArrayList<>());
            case SWAPPING, SWAPPED -> {
                try {
                    putBackOldTrees(record, listener, new ArrayList<>());
                } catch (IOException e) {
                    throw new IOException("Could not put back the old folders of restore " + restoreId + ": "
                            + e.getMessage() + ". The journal " + journal.file() + " is kept; the next start finishes"
                            + " putting them back.", e);
                }
            }
        }
        journal.delete();
        state = State.ROLLED_BACK;
        LOG.info("Restore {} rolled back; the folders {} are as they were before it", restoreId, liveFolders());
    }

    /** Rolls back unless the restore was committed or rolled back. */
    @Override
    public void close() throws IOException {
        if (state != State.COMMITTED && state != State.ROLLED_BACK) {
            rollback();
        }
    }

    /**
     * Finishes a restore that a crash or a kill interrupted, as the journal in {@code journalFolder} describes it.
     * Without a recorded commit, every live folder gets its old tree back and the restored trees are deleted; with
     * one, the old trees are deleted. Then the journal is deleted. Safe to run again when it was interrupted itself.
     * Call at start-up, before anything uses the live folders. Logs what it did.
     *
     * @param journalFolder the folder given to {@link #prepare}
     * @return what was found and done
     * @throws IOException when the folders are not in a state this class leaves (someone changed them) or cannot be
     *         renamed or deleted; the journal is then kept and the message says what to check
     */
    public static RecoveryResult recover(Path journalFolder) throws IOException {
        return recover(journalFolder, StepListener.NONE);
    }

    static RecoveryResult recover(Path journalFolder, StepListener listener) throws IOException {
        awaitOldTreeDeletion(journalFolder);
        RestoreJournal journal = new RestoreJournal(journalFolder);
        journal.deleteTemporaryFiles();
        if (!journal.exists()) {
            journal.deleteFolderIfEmpty();
            return RecoveryResult.nothing();
        }
        RestoreJournal.Record found = journal.read();
        // Planned whole before anything changes: folders in a state no restore leaves stop recovery untouched.
        List<PlannedStep> plan;
        try {
            plan = switch (found.phase()) {
                case PREPARED -> planDeleteStaging(found, listener);
                case SWAPPING, SWAPPED -> planPutBack(found, listener);
                case COMMITTED -> List.of(new PlannedStep(null, done -> {
                    deleteRollbacks(found, listener, done);
                    deleteStagingFolders(found, listener, done);
                }));
            };
        } catch (IOException e) {
            throw new IOException("Could not recover the interrupted restore " + found.restoreId() + ": "
                    + e.getMessage() + ". Nothing was changed; the journal " + journal.file() + " is kept. Put each"
                    + " folder it names in order by hand, then delete the journal; or fix what is named and restart.",
                    e);
        }
        LOG.warn("Restore {} did not finish: the journal {} says '{}'. {}", found.restoreId(), journal.file(),
                found.phase().json(), found.phase() == Phase.COMMITTED
                        ? "Keeping the restored folders and deleting the old ones."
                        : "Putting the old folders back and deleting the restored ones.");
        List<String> actions = new ArrayList<>();
        RecoveryResult.Outcome outcome = found.phase() == Phase.COMMITTED ? RecoveryResult.Outcome.COMMIT_COMPLETED
                : RecoveryResult.Outcome.ROLLED_BACK;
        try {
            run(plan, actions);
        } catch (IOException e) {
            throw new IOException("Could not recover the interrupted restore " + found.restoreId() + ": "
                    + e.getMessage() + ". The journal " + journal.file() + " is kept and recovery runs again at the"
                    + " next start. Done so far: " + actions, e);
        }
        journal.delete();
        journal.deleteFolderIfEmpty();
        if (actions.isEmpty()) {
            actions.add("Nothing on disk needed changing");
        }
        LOG.warn("Recovered the interrupted restore {} ({}): {}", found.restoreId(),
                outcome == RecoveryResult.Outcome.ROLLED_BACK ? "rolled back" : "commit completed",
                String.join("; ", actions));
        return new RecoveryResult(outcome, found.restoreId(), actions);
    }

    /**
     * One step of a plan made before anything changes.
     *
     * @param action what it did, for the log and the recovery result; null for a step not worth telling
     * @param work the step, given the list of what was done to add to
     */
    record PlannedStep(String action, Work work) {
        /** A step's work. */
        interface Work {
            void run(List<String> actions) throws IOException;
        }
    }

    private static void run(List<PlannedStep> plan, List<String> actions) throws IOException {
        for (PlannedStep step : plan) {
            step.work().run(actions);
            if (step.action() != null) {
                actions.add(step.action());
            }
        }
    }

    /* Puts every old tree back and deletes the restored trees, last swap first, after planning it all. */
    private static void putBackOldTrees(RestoreJournal.Record record, StepListener listener, List<String> actions)
            throws IOException {
        run(planPutBack(record, listener), actions);
    }

    private static List<PlannedStep> planPutBack(RestoreJournal.Record record, StepListener listener)
            throws IOException {
        List<PlannedStep> plan = new ArrayList<>();
        List<RestoreJournal.Swap> swaps = record.swaps();
        for (int i = swaps.size() - 1; i >= 0; i--) {
            RestoreJournal.Swap swap = swaps.get(i);
            int index = i;
            plan.addAll(swap.mode() == Mode.ENTRIES ? EntrySwap.planPutBack(swap, i, listener)
                    : planPutBackFolder(record.restoreId(), swap, i, listener));
            plan.add(new PlannedStep(null, done -> {
                if (FolderTrees.exists(swap.staging())) {
                    deleteStaging(swap, index, listener, done);
                }
                FolderTrees.syncFolder(swap.live().getParent());
            }));
        }
        return plan;
    }

    /*
     * Puts the old tree of a folder swapped whole back. Works from whatever state a swap, a rollback or an earlier
     * recovery left the folder in, each step leaving a state this method handles again:
     *   live=new, rollback=old              -> move live to staging (restored tree out of the way)
     *   live missing, rollback=old          -> move rollback to live (half swapped, or half put back)
     *   live=old, staging present           -> staging is deleted after this
     * A live folder that did not exist before: live present, staging missing -> move live to staging.
     */
    private static List<PlannedStep> planPutBackFolder(String restoreId, RestoreJournal.Swap swap, int index,
            StepListener listener) throws IOException {
        boolean live = FolderTrees.exists(swap.live());
        boolean rollback = FolderTrees.exists(swap.rollback());
        boolean staging = FolderTrees.exists(swap.staging());
        List<PlannedStep> plan = new ArrayList<>();
        if (swap.liveExisted()) {
            if (rollback) {
                if (live) {
                    if (staging) {
                        throw new IOException(swap.live() + ", its old tree " + swap.rollback() + " and the "
                                + "staging folder " + swap.staging() + " all exist, which a restore never leaves;"
                                + " check which of them holds the tree to keep");
                    }
                    plan.add(new PlannedStep("Moved the restored tree out of " + swap.live() + " to "
                            + swap.staging(), done -> {
                                returnKept(swap, done);
                                move(swap.live(), swap.staging());
                            }));
                }
                plan.add(new PlannedStep("Put the old tree of " + swap.live() + " back from " + swap.rollback(),
                        done -> {
                            move(swap.rollback(), swap.live());
                            listener.reached(Step.OLD_TREE_PUT_BACK, index);
                        }));
            } else if (!live) {
                throw new IOException("Neither " + swap.live() + " nor its old tree " + swap.rollback()
                        + " exists; a restore never leaves that state; check whether the staging folder "
                        + swap.staging() + " should be used instead");
            }
        } else if (live && staging) {
            plan.add(new PlannedStep(null, done -> LOG.warn("{} did not exist before restore {} and was not"
                    + " swapped, but exists now; left as it is", swap.live(), restoreId)));
        } else if (live) {
            plan.add(new PlannedStep("Removed " + swap.live() + ", which did not exist before the restore",
                    done -> move(swap.live(), swap.staging())));
        }
        return plan;
    }

    /* A prepared restore changed no live folder: a rollback folder means the journal is not the restore's. */
    private static List<PlannedStep> planDeleteStaging(RestoreJournal.Record record, StepListener listener)
            throws IOException {
        for (RestoreJournal.Swap swap : record.swaps()) {
            if (FolderTrees.exists(swap.rollback())) {
                throw new IOException("the journal says no folder was swapped yet, but " + swap.rollback()
                        + " exists; check whether " + swap.live() + " holds its old tree");
            }
        }
        return List.of(new PlannedStep(null, done -> deleteStagingFolders(record, listener, done)));
    }

    /* Carries each kept path of the old tree (now the rollback folder) into the restored tree (now live). */
    private void carryKept(RestoreJournal.Swap swap, int index) throws IOException {
        for (String k : swap.kept()) {
            Path old = swap.rollback().resolve(k);
            Path now = swap.live().resolve(k);
            if (!FolderTrees.exists(old)) {
                continue;
            }
            prepareParents(swap.live(), now);
            // Created by the runtime since the swap (a log file, say): the old one is kept, as promised.
            FolderTrees.deleteTree(now);
            move(old, now);
            listener.reached(Step.KEPT_PATH_CARRIED, index);
        }
    }

    /*
     * Deletes the restored tree's own version of a kept path. Not when a folder above it is a file or a symbolic link
     * in the restored tree: then nothing lies at the kept path itself (a link would lead to another of the restored
     * tree's files, which must stay), and carryKept replaces that file or link with a folder.
     */
    private static void deleteFromRestoredTree(Path root, String kept) throws IOException {
        Path relative = Path.of(kept);
        Path current = root;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            current = current.resolve(relative.getName(i));
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
        }
        FolderTrees.deleteTree(root.resolve(relative));
    }

    /*
     * Puts every carried path back into the old tree, before the restored tree is moved away. Only where the folder
     * above it in the old tree has been moved aside: until then the kept path in the live folder is the old one, in
     * place.
     */
    static void returnKept(RestoreJournal.Swap swap, List<String> actions) throws IOException {
        for (String k : swap.kept()) {
            Path now = swap.live().resolve(k);
            Path old = swap.rollback().resolve(k);
            if (Files.isDirectory(old.getParent(), LinkOption.NOFOLLOW_LINKS) && FolderTrees.exists(now)
                    && !FolderTrees.exists(old)) {
                move(now, old);
                actions.add("Returned " + k + " to the old tree of " + swap.live());
            }
        }
    }

    /* Makes the folders above a kept path in the restored tree real folders, replacing a file or link there. */
    private static void prepareParents(Path root, Path path) throws IOException {
        Path current = root;
        for (Path part : root.relativize(path.getParent())) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current) || (Files.exists(current, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS))) {
                FolderTrees.deleteTree(current);
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            }
        }
    }

    private static void deleteStagingFolders(RestoreJournal.Record record, StepListener listener,
            List<String> actions) throws IOException {
        List<RestoreJournal.Swap> swaps = record.swaps();
        for (int i = 0; i < swaps.size(); i++) {
            if (FolderTrees.exists(swaps.get(i).staging())) {
                deleteStaging(swaps.get(i), i, listener, actions);
            }
        }
    }

    private static void deleteStaging(RestoreJournal.Swap swap, int index, StepListener listener,
            List<String> actions) throws IOException {
        FolderTrees.deleteTree(swap.staging(), () -> listener.reached(Step.PATH_DELETED, index));
        FolderTrees.syncFolder(swap.staging().getParent());
        actions.add("Deleted the restored tree in " + swap.staging());
    }

    private static void deleteRollbacks(RestoreJournal.Record record, StepListener listener, List<String> actions)
            throws IOException {
        List<RestoreJournal.Swap> swaps = record.swaps();
        for (int i = 0; i < swaps.size(); i++) {
            RestoreJournal.Swap swap = swaps.get(i);
            if (FolderTrees.exists(swap.rollback())) {
                int index = i;
                FolderTrees.deleteTree(swap.rollback(), () -> listener.reached(Step.PATH_DELETED, index));
                FolderTrees.syncFolder(swap.rollback().getParent());
                actions.add("Deleted the old tree " + swap.rollback() + " of " + swap.live());
            }
        }
    }

    /** @return the exception to throw for a failed swap, after putting the old trees back if possible */
    private IOException undoFailedSwap(Exception cause) {
        LOG.warn("Restore {}: putting the restored folders in place failed ({}); putting the old ones back",
                restoreId, cause.toString());
        try {
            putBackOldTrees(record, listener, new ArrayList<>());
            journal.delete();
            state = State.ROLLED_BACK;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            return new IOException("Could not put the restored folders of restore " + restoreId + " in place ("
                    + cause.getMessage() + "), and putting the old ones back failed too (" + e.getMessage()
                    + "). The journal " + journal.file() + " is kept; the next start puts the old folders back.",
                    cause);
        }
        return new IOException("Could not put the restored folders of restore " + restoreId + " in place: "
                + cause.getMessage() + ". The old folders are back in place and the restored ones deleted.", cause);
    }

    /* Renames only: the folders are siblings, so a rename never needs a copy. */
    static void move(Path from, Path to) throws IOException {
        if (FolderTrees.exists(to)) {
            // A rename would silently replace an empty folder.
            throw new FileAlreadyExistsException(to.toString(), from.toString(), "cannot rename onto it");
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void syncParents(List<RestoreJournal.Swap> swaps) {
        Set<Path> parents = new LinkedHashSet<>();
        for (RestoreJournal.Swap swap : swaps) {
            parents.add(swap.live().getParent());
        }
        parents.forEach(FolderTrees::syncFolder);
    }

    static void checkDistinct(List<FolderSwap> swaps, String restoreId) {
        List<Path> all = new ArrayList<>();
        for (FolderSwap swap : swaps) {
            all.add(swap.live());
            all.add(swap.staging());
            all.add(swap.rollback(restoreId));
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                if (i != j && all.get(j).startsWith(all.get(i))) {
                    throw new IllegalArgumentException("The folders of a restore must be distinct and not inside one"
                            + " another: " + all.get(j) + " is " + (all.get(i).equals(all.get(j)) ? "given twice"
                                    : "inside " + all.get(i)));
                }
            }
        }
    }

    /* The journal must stay where recover() looks for it, whatever is swapped. */
    private static void checkJournalOutside(Path journalFolder, List<FolderSwap> swaps, String restoreId) {
        Path journal = journalFolder.toAbsolutePath().normalize();
        Path realJournal = FolderTrees.realPathOfExistingPart(journal);
        for (FolderSwap swap : swaps) {
            for (Path folder : List.of(swap.live(), swap.staging(), swap.rollback(restoreId))) {
                if (journal.startsWith(folder) || realJournal.startsWith(FolderTrees.realPathOfExistingPart(folder))) {
                    throw new IllegalArgumentException("The restore journal's folder " + journalFolder + " is inside "
                            + folder + ", which the restore swaps; a crash could then not be recovered. Keep the "
                            + "journal in a folder outside every restored folder.");
                }
            }
        }
    }

    /* A live folder is renamed: it must be a real folder of its parent's file system, or missing. */
    private static void checkLive(Path live) throws IOException {
        if (!FolderTrees.exists(live)) {
            return;
        }
        if (Files.isSymbolicLink(live)) {
            throw new IOException(live + " is a symbolic link; restore into the folder it points to ("
                    + live.toRealPath() + ") instead, so that the link stays as it is");
        }
        if (!Files.isDirectory(live, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(live + ": the live folder to restore is not a folder");
        }
        Object device = device(live);
        if (device != null && !device.equals(device(live.getParent()))) {
            throw new IOException(live + " is a mount point (another file system than " + live.getParent()
                    + "); a restore replaces folders by renaming them and cannot replace a mount point. Restore into"
                    + " a folder below it instead.");
        }
    }

    private static void checkStaging(Path staging) throws IOException {
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(staging + ": the staging folder with the restored tree is missing or not"
                    + " a folder");
        }
    }

    private static void checkRollbackFree(Path rollback) throws IOException {
        if (FolderTrees.exists(rollback)) {
            throw new FileAlreadyExistsException(rollback.toString(), null, "the rollback folder of this restore "
                    + "exists already; use another restore id or remove it");
        }
    }

    /* Renaming entries in and out of a folder needs write and search permission on it. */
    private static boolean entriesMovable(Path live) {
        return Files.isWritable(live) && Files.isExecutable(live);
    }

    private static Object device(Path path) {
        try {
            return Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private void requireState(State required, String action) {
        if (state != required) {
            throw new IllegalStateException("Cannot " + action + " restore " + restoreId + ": it is "
                    + state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
    }

    private List<Path> rollbackFolders() {
        List<Path> paths = new ArrayList<>();
        for (RestoreJournal.Swap swap : record.swaps()) {
            if (swap.liveExisted()) {
                paths.add(swap.rollback());
            }
        }
        return paths;
    }

    private List<Path> liveFolders() {
        return swaps.stream().map(FolderSwap::live).toList();
    }
}
