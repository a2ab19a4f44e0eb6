package org.homeautomation.backup.console;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;

/**
 * {@code backup:restore}: says what will be replaced, asks the person to confirm unless told not to ({@value #YES}),
 * asks for the password of a protected copy, then restores. The same rules in every shell: without a confirmation
 * nothing is restored, and a shell that cannot ask (no terminal, no input) refuses rather than restores.
 */
public final class BackupRestore {
    /** The option that restores without asking to confirm, named the same in every shell. */
    public static final String YES = "--yes";

    private final BackupManager manager;
    private final Console console;

    /**
     * @param manager the backup manager
     * @param console where to print and whom to ask
     */
    public BackupRestore(BackupManager manager, Console console) {
        this.manager = manager;
        this.console = console;
    }

    /**
     * Restores a backup into the live folders.
     *
     * @param backupId the backup's id
     * @param agent the agent to read from; null for the first that holds it
     * @param contents the contents to restore; empty for every content of the backup
     * @param confirmed whether the person said so already ({@value #YES}): nothing is asked then
     * @return how the restore went; empty when the person did not confirm and nothing was restored
     * @throws CommandFailedException when the agent does not hold the backup, there is no console to ask, the
     *         password is wrong, or the restore failed (the live folders are then as they were)
     */
    public Optional<RestoreResult> restore(String backupId, String agent, List<String> contents, boolean confirmed) {
        RestoreResult[] result = { null };
        Attempt.run("Cannot restore backup " + backupId, () -> result[0] = restoreAsked(backupId, agent, contents,
                confirmed));
        return Optional.ofNullable(result[0]);
    }

    private RestoreResult restoreAsked(String backupId, String agent, List<String> contents, boolean confirmed)
            throws BackupException, IOException {
        Backup backup = manager.get(backupId);
        String from = agent != null ? agent : backup.agentIds().stream().findFirst().orElseThrow(
                () -> new CommandFailedException("No agent holds backup " + backupId + " now; see backup:info."));
        BackupMetadata copy = backup.copies().get(from);
        if (copy == null) {
            throw new CommandFailedException("Agent '" + from + "' does not hold backup " + backupId + "; it is on "
                    + String.join(", ", backup.agentIds()) + ".");
        }
        List<String> selected = contents.isEmpty() ? copy.contents() : contents;
        console.println("Restoring backup " + backupId + " \"" + copy.name() + "\" of " + console.time(copy.createdAt())
                + " from agent '" + from + "' replaces the live data of: " + String.join(", ", selected) + ".");
        if (!confirmed && !"yes".equals(askToConfirm(backupId))) {
            console.println("Nothing was restored.");
            return null;
        }
        char[] password = copy.isProtected() ? console.prompt().password("Password of the backup: ") : null;
        RestoreResult result;
        try {
            result = manager.restore(backupId, RestoreOptions.builder().agent(from).contents(selected)
                    .password(password).build());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        result.warnings().forEach(w -> console.println("  warning: " + w));
        console.println("Backup " + backupId + " restored: " + String.join(", ", result.contents()) + ".");
        return result;
    }

    private String askToConfirm(String backupId) {
        console.flush();
        try {
            return console.prompt().line("Type yes to replace them: ");
        } catch (IOException cannotAsk) {
            throw new CommandFailedException("Cannot restore backup " + backupId + ": " + ConsoleText.oneLine(cannotAsk)
                    + ". Nothing was restored; to restore without being asked, add " + YES + ".");
        }
    }
}
