package org.homeautomation.backup.console;

import java.io.IOException;
import java.nio.file.Path;
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
        return restore(backupId, agent, contents, List.of(), null, confirmed);
    }

    /**
     * Restores a backup, or the paths chosen of it, into the live folders or into another folder. A restore into
     * another folder replaces nothing, so it is not confirmed.
     *
     * @param backupId the backup's id
     * @param agent the agent to read from; null for the first that holds it
     * @param contents the contents to restore; empty for every content of the backup
     * @param paths globs or paths ({@code content/path}) choosing what to restore; empty for the contents whole
     * @param target the folder to unpack into, already resolved against the shell's folder; null for the live folders
     * @param confirmed whether the person said so already ({@value #YES}): nothing is asked then
     * @return how the restore went; empty when the person did not confirm and nothing was restored
     * @throws CommandFailedException as {@link #restore(String, String, List, boolean)}, and when the target is a live
     *         folder or holds a content's folder already
     */
    public Optional<RestoreResult> restore(String backupId, String agent, List<String> contents, List<String> paths,
            Path target, boolean confirmed) {
        RestoreResult[] result = { null };
        Attempt.run("Cannot restore backup " + backupId, () -> result[0] = restoreAsked(backupId, agent, contents,
                paths, target, confirmed));
        return Optional.ofNullable(result[0]);
    }

    /**
     * @param folder the shell's current folder; null for the runtime's working folder
     * @param target the folder a person named, relative to {@code folder} or absolute; null or empty for none
     * @return the absolute target, or null for none
     */
    public static Path target(Path folder, String target) {
        if (target == null || target.isEmpty()) {
            return null;
        }
        return (folder != null ? folder : Path.of("").toAbsolutePath()).resolve(target).toAbsolutePath().normalize();
    }

    private RestoreResult restoreAsked(String backupId, String agent, List<String> contents, List<String> paths,
            Path target, boolean confirmed) throws BackupException, IOException {
        Backup backup = manager.get(backupId);
        String from = agent != null ? agent : backup.agentIds().stream().findFirst().orElseThrow(
                () -> new CommandFailedException("No agent holds backup " + backupId + " now; see backup:info."));
        BackupMetadata copy = backup.copies().get(from);
        if (copy == null) {
            throw new CommandFailedException("Agent '" + from + "' does not hold backup " + backupId + "; it is on "
                    + String.join(", ", backup.agentIds()) + ".");
        }
        List<String> selected = contents.isEmpty() ? copy.contents() : contents;
        String what = paths.isEmpty() ? String.join(", ", selected) : String.join(", ", paths);
        String backupText = "backup " + backupId + " \"" + copy.name() + "\" of " + console.time(copy.createdAt())
                + " from agent '" + from + "'";
        if (target != null) {
            console.println("Unpacking " + backupText + " into " + target + " (the live folders are not touched): "
                    + what + ".");
        } else {
            console.println("Restoring " + backupText + " replaces the live data of: " + what + ".");
        }
        if (target == null && !confirmed && !"yes".equals(askToConfirm(backupId))) {
            console.println("Nothing was restored.");
            return null;
        }
        char[] password = copy.isProtected() ? console.prompt().password("Password of the backup: ") : null;
        RestoreResult result;
        try {
            result = manager.restore(backupId, RestoreOptions.builder().agent(from).contents(selected)
                    .paths(paths).target(target).password(password).build());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        result.warnings().forEach(w -> console.println("  warning: " + w));
        console.println("Backup " + backupId + " restored" + (target == null ? "" : " into " + target) + ": "
                + String.join(", ", result.contents()) + ".");
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
