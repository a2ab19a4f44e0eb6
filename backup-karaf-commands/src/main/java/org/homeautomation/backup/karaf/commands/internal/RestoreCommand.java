package org.homeautomation.backup.karaf.commands.internal;

import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.console.BackupRestore;
import org.homeautomation.backup.console.Console;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * {@code backup:restore <id> [--agent id] [--content name]... [--path glob]... [--target folder] [--yes] [--restart]}:
 * restores a backup, or the paths chosen of it, into the live folders after saying what will be replaced and asking
 * to confirm, or into another folder ({@code --target}), which touches nothing live and is not confirmed; asks for the password of a protected backup (see
 * {@link BackupRestore}); with {@code --restart}, restarts Karaf after a successful restore, as
 * {@code system:shutdown -r -f} does.
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

    @Option(name = "--path", aliases = "-p", multiValued = true, description = "A path or glob of the backup to"
            + " restore, content/path (see backup:contents <id>): * and ? within a name, ** across folders; a folder"
            + " brings all in it. Repeat for more. Default: the contents whole.")
    List<String> paths;

    @Option(name = "--target", aliases = "-t", description = "Unpack into this folder instead of the live folders,"
            + " each content into <folder>/<content>, which must not exist; relative to the shell's current folder."
            + " Nothing live is touched.")
    @Completion(FileCompleter.class)
    String target;

    @Option(name = BackupRestore.YES, aliases = "-y", description = "Do not ask to confirm.")
    boolean yes;

    @Option(name = "--restart", aliases = "-r", description = "Restart Karaf after a successful restore, so that every"
            + " bundle reads the restored state (needed when the restore says so, and advisable after a restore of"
            + " data).")
    boolean restart;

    @Reference
    BundleContext bundleContext;

    /** Restarts the framework; tests replace it. */
    FrameworkRestart restarter;

    @Override
    void run(Console console) throws CommandException {
        Optional<RestoreResult> result = new BackupRestore(manager, console).restore(backupId, agent,
                contents == null ? List.of() : contents, paths == null ? List.of() : paths,
                BackupRestore.target(session == null ? null : session.currentDir(), target), yes);
        if (result.isEmpty()) {
            return;
        }
        if (restart && target == null) {
            console.println("Restarting Karaf.");
            console.flush();
            FrameworkRestart framework = restarter != null ? restarter : this::restartFramework;
            framework.restart();
        } else if (result.get().restartNeeded()) {
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
}
