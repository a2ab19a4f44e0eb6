package org.homeautomation.backup.karaf.commands.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * {@code backup:restore <id> [--agent id] [--content name]... [--yes] [--restart]}: restores a backup into the live
 * folders after saying what will be replaced and asking to confirm; asks for the password of a protected backup; with
 * {@code --restart}, restarts Karaf after a successful restore, as {@code system:shutdown -r -f} does.
 */
@Service
@Command(scope = "backup", name = "restore", description = "Restores a backup: replaces the live folders of its"
        + " contents with the backup's, after checking it whole. Asks to confirm, and for the password of a"
        + " protected backup.")
public class RestoreCommand extends BackupCommand {

    @Argument(index = 0, name = "id", description = "The backup's id (see backup:list).", required = true)
    @Completion(BackupIdCompleter.class)
    String backupId;

    @Option(name = "--agent", aliases = "-a", description = "The agent to read from (default: the first that holds"
            + " it).")
    @Completion(AgentIdCompleter.class)
    String agent;

    @Option(name = "--content", aliases = "-c", multiValued = true,
            description = "A content to restore (default: every content of the backup); repeat for more.")
    @Completion(ContentNameCompleter.class)
    List<String> contents;

    @Option(name = "--yes", aliases = "-y", description = "Do not ask to confirm.")
    boolean yes;

    @Option(name = "--restart", aliases = "-r", description = "Restart Karaf after a successful restore, so that every"
            + " bundle reads the restored state (needed when the restore says so, and advisable after a restore of"
            + " data).")
    boolean restart;

    @Reference
    BundleContext bundleContext;

    /** Restarts the framework; tests replace it. */
    FrameworkRestart restarter;

    @Reference(optional = true)
    Session session;

    /** Asks for the password and the confirmation; tests replace it. */
    ConsolePrompt prompt;

    @Override
    void run(PrintStream console) throws BackupException, IOException, CommandException {
        ConsolePrompt ask = prompt != null ? prompt : ConsolePrompt.of(session);
        Backup backup = manager.get(backupId);
        String from = agent != null ? agent : backup.agentIds().stream().findFirst().orElseThrow(
                () -> new CommandException("No agent holds backup " + backupId + " now; see backup:info."));
        BackupMetadata copy = backup.copies().get(from);
        if (copy == null) {
            throw new CommandException("Agent '" + from + "' does not hold backup " + backupId + "; it is on "
                    + String.join(", ", backup.agentIds()) + ".");
        }
        List<String> selected = contents == null || contents.isEmpty() ? copy.contents() : contents;
        console.println("Restoring backup " + backupId + " \"" + copy.name() + "\" of "
                + ConsoleText.time(copy.createdAt(), zone) + " from agent '" + from + "' replaces the live data of: "
                + String.join(", ", selected) + ".");
        if (!yes) {
            if (!"yes".equals(ask.line("Type yes to replace them: "))) {
                console.println("Nothing was restored.");
                return;
            }
        }
        RestoreOptions.Builder options = RestoreOptions.builder().agent(from).contents(selected);
        char[] password = copy.isProtected() ? ask.password("Password of the backup: ") : null;
        RestoreResult result;
        try {
            result = manager.restore(backupId, options.password(password).build());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        List<String> lines = new ArrayList<>();
        result.warnings().forEach(w -> lines.add("  warning: " + w));
        lines.forEach(console::println);
        console.println("Backup " + backupId + " restored: " + String.join(", ", result.contents()) + ".");
        if (restart) {
            console.println("Restarting Karaf.");
            console.flush();
            FrameworkRestart framework = restarter != null ? restarter : this::restartFramework;
            framework.restart();
        } else if (result.restartNeeded()) {
            console.println("Restart Karaf (system:shutdown -r) so that it sees the restored folders.");
        }
    }

    /** Restarts the framework; returns at once, the restart runs on the framework's own thread. */
    interface FrameworkRestart {
        void restart() throws CommandException;
    }

    /* Updating the system bundle stops and restarts the framework on another thread (OSGi core, Framework.update). */
    private void restartFramework() throws CommandException {
        try {
            bundleContext.getBundle(0).update();
        } catch (BundleException | SecurityException e) {
            throw new CommandException("Backup " + backupId + " is restored, but Karaf could not be restarted: "
                    + e.getMessage() + ". Restart it with system:shutdown -r.");
        }
    }

    @Override
    String whatFailed() {
        return "Cannot restore backup " + backupId;
    }
}
