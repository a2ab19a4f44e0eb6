package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.ManagerState;

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
    void run(PrintStream console) {
        AutomaticBackupStatus status = automatic == null ? AutomaticBackupStatus.empty() : automatic.status();
        describe(manager.state(), manager.activeJob(), status).forEach(console::println);
    }

    /**
     * @return one line per fact, the labels padded to one width, then one line per agent of the last failure
     */
    List<String> describe(ManagerState state, Optional<BackupJob> active, AutomaticBackupStatus status) {
        Lines lines = new Lines();
        lines.add("State", switch (state) {
            case CREATING -> "creating a backup";
            case RESTORING -> "restoring a backup";
            case IDLE -> "idle";
        });
        active.ifPresent(job -> lines.add("Running backup", job.backupId() + " \"" + job.name() + "\""));
        lines.add("Last automatic backup", status.lastAttempt().map(this::time).orElse("never")
                + status.lastBackupId().map(id -> " (" + id + ")").orElse(""));
        lines.add("Last successful", status.lastSuccess().map(this::time).orElse("never"));
        lines.add("Next automatic backup", status.nextRun().map(this::time).orElse("not scheduled"));
        lines.add("Last failure", status.lastFailure().orElse(status.failedAgents().isEmpty() ? "none"
                : "some agents failed"));
        status.failedAgents().forEach((agent, reason) -> lines.add("Failed agent", agent + ": " + reason));
        return lines.render();
    }

    private String time(Instant instant) {
        return ConsoleText.time(instant, zone);
    }

    @Override
    String whatFailed() {
        return "Cannot show the backup status";
    }
}
