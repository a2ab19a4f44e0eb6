package org.homeautomation.backup.core.internal.browse;

import org.homeautomation.backup.core.internal.paths.PathSelection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.EntryChange;
import org.homeautomation.backup.api.EntryChange.Difference;

/**
 * Compares two backups path by path in one pass over each: both archives stream side by side, and since a content's
 * entries are written in {@link EntryOrder}, a merge of the two sorted streams pairs equal paths while holding only the
 * current entry of each. Where two files have the same size, their data are digested (SHA-256) as they stream past,
 * and only then; nothing is kept of them. An archive whose entries are out of order (not written by this platform)
 * ends the comparison with an error rather than a wrong answer.
 *
 * <p>Contents are compared in the first backup's order, then those only the second has; when the second backup holds
 * the common contents in another order, it is opened again for a content it has passed already.
 */
final class BackupComparison {
    private final BackupCopyReader first;
    private final BackupCopyReader second;
    private final String onlyContent;
    private final PathSelection selection;

    BackupComparison(BackupCopyReader first, BackupCopyReader second, String onlyContent, PathSelection selection) {
        this.first = first;
        this.second = second;
        this.onlyContent = onlyContent;
        this.selection = selection;
    }

    /**
     * @param receiver given each change; false stops
     * @throws BackupException when an archive cannot be read, or the content is in neither backup
     */
    void run(Predicate<? super EntryChange> receiver) throws BackupException {
        List<String> contents = new ArrayList<>();
        for (String c : first.metadata().contents()) {
            contents.add(c);
        }
        for (String c : second.metadata().contents()) {
            if (!contents.contains(c)) {
                contents.add(c);
            }
        }
        if (onlyContent != null) {
            if (!contents.contains(onlyContent)) {
                throw new BackupException("Neither backup " + first.backupId() + " nor backup " + second.backupId()
                        + " has a content '" + onlyContent + "'. Their contents: " + String.join(", ", contents)
                        + ".");
            }
            contents.retainAll(List.of(onlyContent));
        }
        contents.removeIf(c -> !selection.mayChooseIn(c));
        try (ContentSeeker a = new ContentSeeker(first); ContentSeeker b = new ContentSeeker(second)) {
            for (String content : contents) {
                if (!merge(content, a, b, receiver)) {
                    return;
                }
            }
        }
    }

    /** @return false when the receiver stopped */
    private boolean merge(String content, ContentSeeker sa, ContentSeeker sb, Predicate<? super EntryChange> receiver)
            throws BackupException {
        ArchiveEntryReader a = sa.seek(content);
        ArchiveEntryReader b = sb.seek(content);
        Cursor ca = new Cursor(a, sa.copy);
        Cursor cb = new Cursor(b, sb.copy);
        while (ca.entry != null || cb.entry != null) {
            int order = ca.entry == null ? 1 : cb.entry == null ? -1 : EntryOrder.INSTANCE.compare(ca.entry.path(),
                    cb.entry.path());
            EntryChange change = null;
            if (order < 0) {
                change = chosen(ca.entry) ? EntryChange.removed(ca.entry) : null;
                ca.advance();
            } else if (order > 0) {
                change = chosen(cb.entry) ? EntryChange.added(cb.entry) : null;
                cb.advance();
            } else {
                if (chosen(ca.entry)) {
                    Set<Difference> d = differences(ca, cb);
                    change = d.isEmpty() ? null : EntryChange.changed(ca.entry, cb.entry, d);
                }
                ca.advance();
                cb.advance();
            }
            if (change != null && !receiver.test(change)) {
                return false;
            }
        }
        return true;
    }

    private boolean chosen(BackupEntry e) {
        return selection.chooses(e.content(), e.path());
    }

    private static Set<Difference> differences(Cursor ca, Cursor cb) throws BackupException {
        BackupEntry a = ca.entry;
        BackupEntry b = cb.entry;
        Set<Difference> d = EnumSet.noneOf(Difference.class);
        if (a.type() != b.type()) {
            d.add(Difference.TYPE);
            return d;
        }
        if (a.size() != b.size()) {
            d.add(Difference.SIZE);
        }
        if (!a.modified().equals(b.modified())) {
            d.add(Difference.TIME);
        }
        if (a.mode() != b.mode()) {
            d.add(Difference.MODE);
        }
        if (!Objects.equals(a.linkTarget(), b.linkTarget())) {
            d.add(Difference.LINK);
        }
        if (a.type() == BackupEntry.Type.FILE && a.size() == b.size() && a.size() > 0
                && !Arrays.equals(ca.digest(), cb.digest())) {
            d.add(Difference.CONTENT);
        }
        return d;
    }

    /** The current entry of one backup's content, checked to come in order. */
    private static final class Cursor {
        private final ArchiveEntryReader reader;
        private final BackupCopyReader copy;
        private BackupEntry entry;

        Cursor(ArchiveEntryReader reader, BackupCopyReader copy) throws BackupException {
            this.reader = reader;
            this.copy = copy;
            this.entry = reader == null ? null : next();
        }

        void advance() throws BackupException {
            BackupEntry previous = entry;
            entry = next();
            if (entry != null && EntryOrder.INSTANCE.compare(previous.path(), entry.path()) >= 0) {
                throw new BackupException("Cannot compare " + copy.description() + ": in content '"
                        + entry.content() + "', entry '" + entry.path() + "' comes after '" + previous.path()
                        + "', not in the order this platform writes archives; the comparison needs that order.");
            }
        }

        byte[] digest() throws BackupException {
            try {
                return reader.digestOfData();
            } catch (IOException e) {
                throw copy.readFailure(e);
            }
        }

        private BackupEntry next() throws BackupException {
            try {
                return reader.nextEntry();
            } catch (IOException e) {
                throw copy.readFailure(e);
            }
        }
    }

    /** One backup's archive, moved forward to the content asked for; opened again to go back. */
    private static final class ContentSeeker implements AutoCloseable {
        private final BackupCopyReader copy;
        private ArchiveEntryReader reader;
        private int position = -1;

        ContentSeeker(BackupCopyReader copy) {
            this.copy = copy;
        }

        /** @return the reader at the start of the content's entries, or null when the backup lacks the content */
        ArchiveEntryReader seek(String content) throws BackupException {
            int index = copy.metadata().contents().indexOf(content);
            if (index < 0) {
                return null;
            }
            try {
                if (reader == null || index <= position) {
                    close();
                    reader = copy.open();
                    position = -1;
                }
                while (position < index) {
                    String name = reader.nextContent();
                    if (name == null) {
                        throw new IOException("the archive ends before its content '" + content + "'");
                    }
                    position++;
                }
                if (!content.equals(reader.content())) {
                    throw new IOException("its contents are not in the order its metadata lists");
                }
                return reader;
            } catch (IOException e) {
                throw copy.readFailure(e);
            }
        }

        @Override
        public void close() throws BackupException {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    // only reading was done; nothing is lost
                }
                reader = null;
            }
        }
    }
}
