package org.homeautomation.backup.karaf.commands.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupBrowsing;
import org.homeautomation.backup.console.BackupListings;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:contents [<id> [--content c] [--agent a] [glob]...]}: without an id, the content names a backup can
 * include; with one, the files of that backup with type, permissions, size and time (see {@link BackupBrowsing}).
 */
@Service
@Command(scope = "backup", name = "contents", description = "Without an id, lists what a backup can include:"
        + " configured sources and participants. With a backup's id, lists its files with permissions, size and time;"
        + " globs (content/path, * ? **) choose which. Asks for the password of a protected backup.")
public class ContentsCommand extends BrowseCommand {

    @Argument(index = 0, name = "id", description = "The backup's id (see backup:list); none lists the content names a"
            + " backup can include.")
    @Completion(BackupIdCompleter.class)
    String backupId;

    @Argument(index = 1, name = "glob", multiValued = true, description = GLOBS)
    List<String> globs;

    @Override
    void run(Console console) {
        if (backupId == null) {
            new BackupListings(manager, console).contents();
            return;
        }
        new BackupBrowsing(manager, browser, console).contents(backupId, agent, content,
                globs == null ? List.of() : globs);
    }
}
