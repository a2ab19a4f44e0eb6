package org.homeautomation.backup.console;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.support.files.ArchiveFiles;

/**
 * {@code backup:download}: saves a backup's archive to a new file, checking its digest; never overwrites a file.
 */
public final class BackupDownload {
    private final BackupManager manager;
    private final Console console;

    /**
     * @param manager the backup manager
     * @param console where to print and whom to ask for the password
     */
    public BackupDownload(BackupManager manager, Console console) {
        this.manager = manager;
        this.console = console;
    }

    /**
     * @param backupId the backup's id
     * @param folder the shell's current folder, which a relative file name is resolved against; null for the
     *        runtime's working folder
     * @param file the file to create
     * @param agent the agent to read from; null for the first that holds it
     * @param decrypt whether to ask for the password and save a protected backup unprotected
     * @throws CommandFailedException when the backup cannot be read, is damaged, or the file cannot be written
     */
    public void download(String backupId, Path folder, String file, String agent, boolean decrypt) {
        Path target;
        try {
            target = (folder != null ? folder : Path.of("").toAbsolutePath()).resolve(file).normalize();
        } catch (InvalidPathException e) {
            throw new CommandFailedException("Cannot download backup " + backupId + " to " + file, e);
        }
        Attempt.run("Cannot download backup " + backupId + " to " + target, () -> {
            long bytes;
            if (decrypt) {
                char[] password = console.prompt().password("Password of the backup: ");
                try {
                    bytes = ArchiveFiles.save(manager.download(backupId, agent, password), target);
                } finally {
                    Arrays.fill(password, '\0');
                }
            } else {
                bytes = ArchiveFiles.save(manager.download(backupId, agent), target);
            }
            console.println("Saved backup " + backupId + " to " + target + " (" + ConsoleText.size(bytes) + ").");
        });
    }
}
