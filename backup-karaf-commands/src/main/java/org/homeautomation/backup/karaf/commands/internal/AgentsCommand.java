package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeautomation.backup.api.AgentInfo;

/**
 * {@code backup:agents}: the registered agents and whether each can reach its storage now.
 *
 * <p>An agent counts as available when it can list its backups: that is the one question every agent answers, and it
 * touches the storage, so a share that is not mounted or an endpoint that does not answer shows up here.
 */
@Service
@Command(scope = "backup", name = "agents",
        description = "Lists the registered backup agents and whether each can reach its storage now.")
public class AgentsCommand extends BackupCommand {

    @Override
    void run(PrintStream console) {
        List<AgentInfo> agents = manager.agents();
        if (agents.isEmpty()) {
            console.println("No backup agents are registered: install an agent feature (backup-agent-local) or"
                    + " configure one.");
            return;
        }
        Map<String, String> unavailable = manager.list().agentErrors();
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Bundle");
        table.column("Available");
        for (AgentInfo agent : agents) {
            table.addRow().addContent(row(agent, unavailable));
        }
        table.print(console);
        for (AgentInfo agent : agents) {
            String reason = unavailable.get(agent.id());
            if (reason != null) {
                console.println("Agent " + agent.id() + " is not available: " + reason);
            }
        }
    }

    /**
     * @param agent a registered agent
     * @param unavailable agent id to reason, for the agents that could not list their backups
     * @return the cells of its row: id, name, bundle, available
     */
    static List<Object> row(AgentInfo agent, Map<String, String> unavailable) {
        return List.of(agent.id(), agent.name(), agent.bundleSymbolicName(),
                ConsoleText.yesNo(!unavailable.containsKey(agent.id())));
    }

    @Override
    String whatFailed() {
        return "Cannot list agents";
    }
}
