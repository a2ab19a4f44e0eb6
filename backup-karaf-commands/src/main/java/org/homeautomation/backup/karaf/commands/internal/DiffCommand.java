package org.homeautomation.backup.karaf.commands.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupBrowsing;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:diff <id1> <id2> [--content c] [--agent a] [glob]...}: the files added, removed and changed between
 * two backups (see {@link BackupBrowsing}).
 */
@Service
@Command(scope = "backup", name = "diff", description = "Lists the files added (+), removed (-) and changed (~)"
        + " from one backup to another: by type, size, time, permissions, link and, where sizes match, content"
        + " (SHA-256). Reads each backup once. Asks for the password of protected backups.")
public class DiffCommand extends BrowseCommand {

    @Argument(index = 0, name = "first", description = "The older backup's id (see backup:list).", required = true)
    @Completion(BackupIdCompleter.class)
    String firstId;

    @Argument(index = 1, name = "second", description = "The newer backup's id.", required = true)
    @Completion(BackupIdCompleter.class)
    String secondId;

    @Argument(index = 2, name = "glob", multiValued = true, description = GLOBS)
    List<String> globs;

    @Override
    void run(Console console) {
        new BackupBrowsing(manager, browser, console).diff(firstId, secondId, agent, content,
                globs == null ? List.of() : globs);
    }
}
