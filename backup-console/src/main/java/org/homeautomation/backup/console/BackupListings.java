package org.homeautomation.backup.console;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.ParticipantInfo;

/**
 * {@code backup:list}, {@code backup:agents}, {@code backup:participants} and {@code backup:contents}: what the
 * manager knows, as tables.
 */
public final class BackupListings {
    /** Longer names are cut, so that one long name does not push the other columns off the screen. */
    public static final int MAX_NAME_WIDTH = 40;

    private final BackupManager manager;
    private final Console console;

    /**
     * @param manager the backup manager
     * @param console where to print
     */
    public BackupListings(BackupManager manager, Console console) {
        this.manager = manager;
        this.console = console;
    }

    /** Prints the backups of every agent, newest first, then the agents that could not be listed. */
    public void backups() {
        Attempt.run("Cannot list backups", () -> {
            BackupListing listing = manager.list();
            if (listing.backups().isEmpty()) {
                console.println("No backups.");
            } else {
                Table table = new Table("ID", "Name", "Date", "Size", "Protected", "Agents", "Failed agents")
                        .alignRight(3);
                listing.backups().forEach(backup -> table.row(row(backup, console.zone())));
                console.print(table);
            }
            listing.agentErrors().forEach((agent, reason) -> console.println("Agent " + agent
                    + " could not be listed, its backups are missing above: " + reason));
        });
    }

    /**
     * @param backup a backup
     * @param zone the zone to show its date in
     * @return the cells of its row: id, name, date, size, protected, agents, failed agents
     */
    public static String[] row(Backup backup, ZoneId zone) {
        BackupMetadata m = backup.metadata();
        return new String[] { backup.id(), ConsoleText.shorten(m.name(), MAX_NAME_WIDTH),
            ConsoleText.time(m.createdAt(), zone), ConsoleText.size(m.size()), ConsoleText.protection(backup),
            ConsoleText.ids(backup.agentIds()), ConsoleText.ids(backup.failedAgents().keySet()) };
    }

    /**
     * Prints the registered agents and whether each can reach its storage now. An agent counts as available when it
     * can list its backups: the one question every agent answers, and it touches the storage, so a share that is not
     * mounted or an endpoint that does not answer shows up here.
     */
    public void agents() {
        Attempt.run("Cannot list agents", () -> {
            List<AgentInfo> agents = manager.agents();
            if (agents.isEmpty()) {
                console.println("No backup agents are registered: install an agent feature (backup-agent-local) or"
                        + " configure one.");
                return;
            }
            Map<String, String> unavailable = manager.list().agentErrors();
            Table table = new Table("ID", "Name", "Bundle", "Available");
            for (AgentInfo agent : agents) {
                table.row(agent.id(), agent.name(), agent.bundleSymbolicName(),
                        ConsoleText.yesNo(!unavailable.containsKey(agent.id())));
            }
            console.print(table);
            for (AgentInfo agent : agents) {
                String reason = unavailable.get(agent.id());
                if (reason != null) {
                    console.println("Agent " + agent.id() + " is not available: " + reason);
                }
            }
        });
    }

    /**
     * Prints the registered participants, in the order their pre-backup step runs, and whether each takes part in
     * backups. An ignored participant's steps do not run, so whatever it guards is not quiesced; the table says why,
     * so that a person can fix it.
     */
    public void participants() {
        Attempt.run("Cannot list participants", () -> {
            List<ParticipantInfo> participants = manager.participants();
            if (participants.isEmpty()) {
                console.println("No backup participants are registered: backups hold the configured sources only.");
                return;
            }
            Table table = new Table("ID", "Bundle", "Ranking", "Takes part", "Problem").alignRight(2);
            for (ParticipantInfo p : participants) {
                table.row(p.id(), p.bundleSymbolicName(), Integer.toString(p.ranking()), ConsoleText.yesNo(p.isActive()),
                        p.problem().orElse(ConsoleText.NONE));
            }
            console.print(table);
        });
    }

    /** Prints what a backup can include, one name a line: the configured sources and the participants. */
    public void contents() {
        Attempt.run("Cannot list contents", () -> {
            List<String> contents = manager.contents();
            if (contents.isEmpty()) {
                console.println("Nothing to back up: configure 'sources' in org.homeautomation.backup, or install a"
                        + " bundle with a backup participant.");
            }
            contents.forEach(console::println);
        });
    }
}
