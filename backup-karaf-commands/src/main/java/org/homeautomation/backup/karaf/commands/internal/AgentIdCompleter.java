package org.homeautomation.backup.karaf.commands.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.BackupManager;

/**
 * Completes the ids of the registered backup agents.
 */
@Service
public class AgentIdCompleter implements Completer {
    @Reference
    BackupManager manager;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(candidates()).complete(session, commandLine, candidates);
    }

    /** @return the ids to offer */
    List<String> candidates() {
        return manager.agents().stream().map(AgentInfo::id).toList();
    }
}
