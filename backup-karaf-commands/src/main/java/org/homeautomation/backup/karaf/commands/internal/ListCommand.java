package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;

/**
 * {@code backup:list}: the backups of every agent in a table, newest first, then the agents that could not be listed.
 */
@Service
@Command(scope = "backup", name = "list", description = "Lists the backups of every agent, newest first.")
public class ListCommand extends BackupCommand {
    /** Longer names are cut, so that one long name does not push the other columns off the screen. */
    static final int MAX_NAME_WIDTH = 40;

    @Override
    void run(PrintStream console) {
        BackupListing listing = manager.list();
        if (listing.backups().isEmpty()) {
            console.println("No backups.");
        } else {
            ShellTable table = new ShellTable();
            table.column("ID");
            table.column("Name");
            table.column("Date");
            table.column("Size").alignRight();
            table.column("Protected");
            table.column("Agents");
            table.column("Failed agents");
            for (Backup backup : listing.backups()) {
                table.addRow().addContent(row(backup, zone));
            }
            table.print(console);
        }
        listing.agentErrors().forEach((agent, reason) -> console.println("Agent " + agent
                + " could not be listed, its backups are missing above: " + reason));
    }

    /**
     * @param backup a backup
     * @param zone the zone to show its date in
     * @return the cells of its row: id, name, date, size, protected, agents, failed agents
     */
    static List<Object> row(Backup backup, ZoneId zone) {
        BackupMetadata m = backup.metadata();
        return List.of(backup.id(), ConsoleText.shorten(m.name(), MAX_NAME_WIDTH),
                ConsoleText.time(m.createdAt(), zone), ConsoleText.size(m.size()), ConsoleText.protection(backup),
                ConsoleText.ids(backup.agentIds()),
                ConsoleText.ids(backup.failedAgents().keySet()));
    }

    @Override
    String whatFailed() {
        return "Cannot list backups";
    }
}
