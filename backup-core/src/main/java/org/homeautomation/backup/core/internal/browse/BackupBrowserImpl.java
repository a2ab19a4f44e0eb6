package org.homeautomation.backup.core.internal.browse;

import org.homeautomation.backup.core.internal.paths.PathSelection;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Predicate;

import org.homeautomation.backup.api.BackupBrowser;
import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BrowseOptions;
import org.homeautomation.backup.api.EntryChange;
import org.homeautomation.backup.api.Identifiers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link BackupBrowser} service: reads archives through the manager's
 * {@link BackupManager#download(String, String, char[])}, which checks their digest and decrypts protected ones on the
 * fly, so browsing needs no disk and no part of the manager beyond its public service.
 */
@Component(service = BackupBrowser.class, immediate = true)
public final class BackupBrowserImpl implements BackupBrowser {
    private final BackupManager manager;

    /** @param manager the backup manager, whose catalogue and downloads are used */
    @Activate
    public BackupBrowserImpl(@Reference BackupManager manager) {
        this.manager = manager;
    }

    @Override
    public void list(String backupId, BrowseOptions options, Predicate<? super BackupEntry> receiver)
            throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        Objects.requireNonNull(receiver, "receiver");
        try (BackupCopyReader copy = reader(backupId, options)) {
            new EntryListing(copy, options.content().orElse(null), PathSelection.of(options.globs())).run(receiver);
        }
    }

    @Override
    public void diff(String firstId, String secondId, BrowseOptions options, Predicate<? super EntryChange> receiver)
            throws BackupException {
        Identifiers.requireValidBackupId(firstId);
        Identifiers.requireValidBackupId(secondId);
        Objects.requireNonNull(receiver, "receiver");
        try (BackupCopyReader first = reader(firstId, options); BackupCopyReader second = reader(secondId, options)) {
            new BackupComparison(first, second, options.content().orElse(null), PathSelection.of(options.globs()))
                    .run(receiver);
        }
    }

    private BackupCopyReader reader(String backupId, BrowseOptions options) throws BackupException {
        char[] password = options.password().orElse(null);
        try {
            return BackupCopyReader.of(manager.get(backupId), options.agentId().orElse(null), password,
                    manager::download);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    /** The entries of one backup, streamed to a receiver. */
    static final class EntryListing {
        private final BackupCopyReader copy;
        private final String onlyContent;
        private final PathSelection selection;

        EntryListing(BackupCopyReader copy, String onlyContent, PathSelection selection) {
            this.copy = copy;
            this.onlyContent = onlyContent;
            this.selection = selection;
        }

        void run(Predicate<? super BackupEntry> receiver) throws BackupException {
            if (onlyContent != null && !copy.metadata().contents().contains(onlyContent)) {
                throw new BackupException("Backup " + copy.backupId() + " has no content '" + onlyContent
                        + "'. Its contents: " + String.join(", ", copy.metadata().contents()) + ".");
            }
            int wanted = (int) copy.metadata().contents().stream().filter(this::wanted).count();
            if (wanted == 0) {
                return;
            }
            // When every content is listed, the rest of the archive is its end records: reading them checks the
            // digest at no cost. A listing of some contents stops after them; zstd checks each one read.
            boolean whole = wanted == copy.metadata().contents().size();
            try (ArchiveEntryReader reader = copy.open()) {
                String content;
                while (wanted > 0 && (content = reader.nextContent()) != null) {
                    if (!wanted(content)) {
                        continue;
                    }
                    wanted--;
                    BackupEntry e;
                    while ((e = reader.nextEntry()) != null) {
                        if (selection.chooses(e.content(), e.path()) && !receiver.test(e)) {
                            return;
                        }
                    }
                    reader.endContent();
                }
                if (whole) {
                    reader.finish();
                }
            } catch (IOException e) {
                throw copy.readFailure(e);
            }
        }

        private boolean wanted(String content) {
            return (onlyContent == null || onlyContent.equals(content)) && selection.mayChooseIn(content);
        }
    }
}
