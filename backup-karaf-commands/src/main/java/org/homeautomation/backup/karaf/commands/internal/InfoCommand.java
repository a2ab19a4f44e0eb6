package org.homeautomation.backup.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupDetails;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:info <id>}: everything known of one backup.
 */
@Service
@Command(scope = "backup", name = "info", description = "Shows everything known of one backup.")
public class InfoCommand extends BackupCommand {

    @Argument(index = 0, name = "id", description = "The backup's id (see backup:list).", required = true)
    @Completion(BackupIdCompleter.class)
    String backupId;

    @Override
    void run(Console console) {
        new BackupDetails(manager, console).info(backupId);
    }
}
