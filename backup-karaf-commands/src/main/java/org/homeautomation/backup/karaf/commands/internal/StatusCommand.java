package org.homeautomation.backup.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.console.BackupDetails;
import org.homeautomation.backup.console.Console;

/**
 * {@code backup:status}: what the manager is doing, and how automatic backups fare.
 */
@Service
@Command(scope = "backup", name = "status", description = "Shows what the backup manager is doing, the last and next"
        + " automatic backup, and why the last one failed.")
public class StatusCommand extends BackupCommand {
    /** The core bundle's scheduler; absent only while it (re)starts, when nothing is known of automatic backups. */
    @Reference(optional = true)
    AutomaticBackups automatic;

    @Override
    void run(Console console) {
        new BackupDetails(manager, console).status(automatic);
    }
}
