package org.homeautomation.backup.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.homeautomation.backup.console.BackupDownload;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:download <id> <file> [--agent id] [--decrypt]}: saves a backup's archive to a new file, checking its
 * digest.
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

    @Override
    void run(Console console) {
        new BackupDownload(manager, console).download(backupId, session == null ? null : session.currentDir(), file,
                agent, decrypt);
    }
}
