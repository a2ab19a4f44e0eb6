package org.homeautomation.backup.karaf.commands.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupDeletion;
import org.homeautomation.backup.console.Console;

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
    void run(Console console) {
        new BackupDeletion(manager, console).delete(backupId, agents == null ? List.of() : agents);
    }
}
