package org.homeautomation.backup.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupListings;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:participants}: the registered participants, in the order their pre-backup step runs, and whether
 * each takes part in backups, or why not.
 */
@Service
@Command(scope = "backup", name = "participants",
        description = "Lists the registered backup participants and whether each takes part in backups, or why not.")
public class ParticipantsCommand extends BackupCommand {

    @Override
    void run(Console console) {
        new BackupListings(manager, console).participants();
    }
}
