package org.homeautomation.backup.karaf.commands.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.support.files.ArchiveFiles;

/**
 * {@code backup:download <id> <file> [--agent id]}: saves a backup's archive to a new file, checking its digest.
 */
@Service
@Command(scope = "backup", name = "download", description = "Saves a backup's archive to a new file, checking its"
        + " SHA-256 digest. Never overwrites a file.")
public class DownloadCommand extends BackupCommand {

    @Argument(index = 0, name = "id", description = "The backup's id (see backup:list).", required = true)
    @Completion(BackupIdCompleter.class)
    String backupId;

    @Argument(index = 1, name = "file", description = "The file to create; relative to the shell's current folder.",
            required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--agent", aliases = "-a", description = "The agent to read from (default: the first that holds"
            + " it).")
    @Completion(AgentIdCompleter.class)
    String agent;

    @Option(name = "--decrypt", aliases = "-d", description = "Save a protected backup unprotected: asks for its"
            + " password and decrypts it while saving, so that tar and zstd alone open the file.")
    boolean decrypt;

    @Reference(optional = true)
    Session session;

    /** Asks for the password; tests replace it. */
    ConsolePrompt prompt;

    private Path target;

    @Override
    void run(PrintStream console) throws BackupException, IOException {
        target = baseFolder().resolve(file).normalize();
        long bytes;
        if (decrypt) {
            char[] password = (prompt != null ? prompt : ConsolePrompt.of(session)).password("Password of the backup: ");
            try {
                bytes = ArchiveFiles.save(manager.download(backupId, agent, password), target);
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        } else {
            bytes = ArchiveFiles.save(manager.download(backupId, agent), target);
        }
        console.println("Saved backup " + backupId + " to " + target + " (" + ConsoleText.size(bytes) + ").");
    }

    private Path baseFolder() {
        Path dir = session == null ? null : session.currentDir();
        return dir != null ? dir : Path.of("").toAbsolutePath();
    }

    @Override
    String whatFailed() {
        return "Cannot download backup " + backupId + " to " + (target != null ? target : file);
    }
}
