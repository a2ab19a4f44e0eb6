package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.api.BackupException;

/**
 * {@code backup:delete <id> [--agent ...]}: deletes a backup from some or every agent that holds it.
 */
@Service
@Command(scope = "backup", name = "delete", description = "Deletes a backup from every agent that holds it, or from"
        + " the agents given.")
public class DeleteCommand extends BackupCommand {

    @Argument(index = 0, name = "id", description = "The backup's id (see backup:list).", required = true)
    @Completion(BackupIdCompleter.class)
    String backupId;

    @Option(name = "--agent", aliases = "-a", multiValued = true,
            description = "An agent to delete the backup from (default: every agent that holds it); repeat for more.")
    @Completion(AgentIdCompleter.class)
    List<String> agents;

    @Override
    void run(PrintStream console) throws BackupException {
        Set<String> from = agents == null ? Set.of() : new TreeSet<>(agents);
        if (from.isEmpty()) {
            // Asked first only to say where it was deleted from; the manager deletes from every holder by itself.
            from = manager.get(backupId).agentIds();
        }
        manager.delete(backupId, agents == null ? Set.of() : Set.copyOf(agents));
        console.println("Deleted backup " + backupId + (from.isEmpty() ? "." : " from " + String.join(", ", from)
                + "."));
    }

    @Override
    String whatFailed() {
        return "Cannot delete backup " + backupId;
    }
}
