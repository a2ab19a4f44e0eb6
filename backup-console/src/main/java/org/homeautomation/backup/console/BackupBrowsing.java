package org.homeautomation.backup.console;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupBrowser;
import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BrowseOptions;
import org.homeautomation.backup.api.EntryChange;

/**
 * {@code backup:contents <id>} and {@code backup:diff <id1> <id2>}: the files of a backup, and what changed between
 * two, printed line by line as the archives stream, so that a backup of millions of files prints without being held
 * in memory. Asks for the password of a protected backup.
 */
public final class BackupBrowsing {
    private final BackupManager manager;
    private final BackupBrowser browser;
    private final Console console;

    /**
     * @param manager the backup manager, to learn whether a backup is protected
     * @param browser the browser service
     * @param console where to print and whom to ask
     */
    public BackupBrowsing(BackupManager manager, BackupBrowser browser, Console console) {
        this.manager = manager;
        this.browser = browser;
        this.console = console;
    }

    /**
     * Prints the entries of a backup: type and permissions, size, modification time, {@code content/path}, a link's
     * target; then how many.
     *
     * @param backupId the backup's id
     * @param agent the agent to read from; null for the first that holds it
     * @param content the one content to list; null for every content
     * @param globs globs choosing entries (see {@link BrowseOptions}); empty for all
     * @throws CommandFailedException when the backup cannot be read, or the password is wrong
     */
    public void contents(String backupId, String agent, String content, List<String> globs) {
        Attempt.run("Cannot list the files of backup " + backupId, () -> {
            char[] password = passwordIfProtected(List.of(backupId), agent);
            long[] count = new long[2];
            try {
                browser.list(backupId, options(agent, content, globs, password), e -> {
                    console.println(line(e));
                    count[0]++;
                    count[1] += e.size();
                    return true;
                });
            } finally {
                wipe(password);
            }
            console.println(count[0] + (count[0] == 1 ? " entry, " : " entries, ") + ConsoleText.size(count[1])
                    + " in files.");
        });
    }

    /**
     * Prints what differs between two backups: {@code +} added, {@code -} removed, {@code ~} changed with how; then
     * the counts.
     *
     * @param firstId the older backup
     * @param secondId the newer backup
     * @param agent the agent to read both from; null for the first that holds each
     * @param content the one content to compare; null for every content
     * @param globs globs choosing entries; empty for all
     * @throws CommandFailedException when a backup cannot be read, or the password is wrong
     */
    public void diff(String firstId, String secondId, String agent, String content, List<String> globs) {
        Attempt.run("Cannot compare backups " + firstId + " and " + secondId, () -> {
            char[] password = passwordIfProtected(List.of(firstId, secondId), agent);
            Map<EntryChange.Kind, Integer> counts = new EnumMap<>(EntryChange.Kind.class);
            try {
                browser.diff(firstId, secondId, options(agent, content, globs, password), c -> {
                    console.println(line(c));
                    counts.merge(c.kind(), 1, Integer::sum);
                    return true;
                });
            } finally {
                wipe(password);
            }
            console.println(counts.getOrDefault(EntryChange.Kind.ADDED, 0) + " added, "
                    + counts.getOrDefault(EntryChange.Kind.REMOVED, 0) + " removed, "
                    + counts.getOrDefault(EntryChange.Kind.CHANGED, 0) + " changed.");
        });
    }

    /** @return e.g. {@code -rw-r--r--   1.2 KiB  2024-01-02 03:04:05  etc/org.foo.cfg} */
    String line(BackupEntry e) {
        String size = e.type() == BackupEntry.Type.FILE ? ConsoleText.size(e.size()) : "";
        String path = e.fullPath() + (e.type() == BackupEntry.Type.FOLDER ? "/" : "");
        String link = switch (e.type()) {
            case SYMLINK -> " -> " + e.linkTarget().orElse("");
            case HARD_LINK -> " => " + e.linkTarget().orElse("");
            default -> "";
        };
        return String.format("%s %10s  %s  %s%s", ModeText.of(e), size, ConsoleText.time(e.modified(),
                console.zone()), path, link);
    }

    /** @return e.g. {@code ~ etc/org.foo.cfg (size 10 B -> 12 B, time)} */
    String line(EntryChange c) {
        return switch (c.kind()) {
            case ADDED -> "+ " + c.fullPath();
            case REMOVED -> "- " + c.fullPath();
            case CHANGED -> "~ " + c.fullPath() + " (" + c.differences().stream().map(d -> difference(c, d))
                    .collect(Collectors.joining(", ")) + ")";
        };
    }

    private String difference(EntryChange c, EntryChange.Difference d) {
        BackupEntry a = c.before().orElseThrow();
        BackupEntry b = c.after().orElseThrow();
        return switch (d) {
            case TYPE -> "type " + a.type().name().toLowerCase() + " -> " + b.type().name().toLowerCase();
            case SIZE -> "size " + ConsoleText.size(a.size()) + " -> " + ConsoleText.size(b.size());
            case TIME -> "time " + ConsoleText.time(a.modified(), console.zone()) + " -> "
                    + ConsoleText.time(b.modified(), console.zone());
            case CONTENT -> "content";
            case MODE -> "mode " + Integer.toOctalString(a.mode()) + " -> " + Integer.toOctalString(b.mode());
            case LINK -> "link " + a.linkTarget().orElse("") + " -> " + b.linkTarget().orElse("");
        };
    }

    private static BrowseOptions options(String agent, String content, List<String> globs, char[] password) {
        return BrowseOptions.builder().agent(agent).content(content).globs(globs).password(password).build();
    }

    /** @return the password, asked once, when one of the backups is protected on the agent read; else null */
    private char[] passwordIfProtected(List<String> backupIds, String agent) throws BackupException,
            java.io.IOException {
        for (String id : backupIds) {
            Backup backup = manager.get(id);
            String from = agent != null ? agent : backup.copies().keySet().stream().sorted().findFirst().orElse(null);
            BackupMetadata copy = from == null ? null : backup.copies().get(from);
            if (copy != null && copy.isProtected()) {
                return console.prompt().password("Password of the backup: ");
            }
        }
        return null;
    }

    private static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
