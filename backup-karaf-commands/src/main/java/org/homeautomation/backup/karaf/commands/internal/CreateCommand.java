package org.homeautomation.backup.karaf.commands.internal;

import java.time.Duration;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.console.BackupCreation;
import org.homeautomation.backup.console.BackupCreation.ProgressSource;
import org.homeautomation.backup.console.Console;
import org.homeautomation.backup.console.ProgressBoard;
import org.homeautomation.backup.console.ProgressListener;
import org.osgi.framework.BundleContext;

/**
 * {@code backup:create [name] [--agent id]... [--content name]... [--protect]}: starts a backup, shows its progress
 * until it ends and fails the command when an agent or the whole backup failed; see {@link BackupCreation}.
 */
@Service
@Command(scope = "backup", name = "create", description = "Creates a backup and shows its progress until it ends."
        + " Ctrl-C stops waiting; the backup goes on.")
public class CreateCommand extends BackupCommand {

    @Argument(index = 0, name = "name", description = "The backup's name (default: \"Backup\" and the current time).")
    String name;

    @Option(name = "--agent", aliases = "-a", multiValued = true,
            description = "An agent to upload to (default: every agent); repeat for more.")
    @Completion(AgentIdCompleter.class)
    List<String> agents;

    @Option(name = "--content", aliases = "-c", multiValued = true,
            description = "A content to include (default: everything); repeat for more.")
    @Completion(ContentNameCompleter.class)
    List<String> contents;

    @Option(name = "--protect", aliases = "-p", description = "Protect the backup with a password, asked for at the"
            + " console (agents listed in unprotectedAgents store it unprotected).")
    boolean protect;

    @Reference
    BundleContext bundleContext;

    /** Listens to backups' events; tests replace it. */
    ProgressSource progressSource = this::listenToEvents;

    /** How often the progress seen since the last look is printed. */
    Duration refresh = Duration.ofSeconds(1);

    /** How long to wait, once the result is known, for the backup's last stages to be delivered. */
    Duration lastEvents = Duration.ofSeconds(3);

    @Override
    void run(Console console) {
        new BackupCreation(manager, console, progressSource).timing(refresh, lastEvents)
                .create(name, agents == null ? List.of() : agents, contents == null ? List.of() : contents, protect);
    }

    private AutoCloseable listenToEvents(ProgressBoard board) {
        return bundleContext == null ? () -> { } : ProgressListener.register(bundleContext, board);
    }
}
