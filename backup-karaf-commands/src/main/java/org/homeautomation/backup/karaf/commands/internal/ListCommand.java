package org.homeautomation.backup.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupListings;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:list}: the backups of every agent in a table, newest first, then the agents that could not be listed.
 */
@Service
@Command(scope = "backup", name = "list", description = "Lists the backups of every agent, newest first.")
public class ListCommand extends BackupCommand {

    @Override
    void run(Console console) {
        new BackupListings(manager, console).backups();
    }
}
