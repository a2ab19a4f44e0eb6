package org.homeautomation.backup.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupListings;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:agents}: the registered agents and whether each can reach its storage now.
 */
@Service
@Command(scope = "backup", name = "agents",
        description = "Lists the registered backup agents and whether each can reach its storage now.")
public class AgentsCommand extends BackupCommand {

    @Override
    void run(Console console) {
        new BackupListings(manager, console).agents();
    }
}
