package org.homeautomation.backup.console;

import java.util.List;
import java.util.Optional;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.ManagerState;

/**
 * {@code backup:info} and {@code backup:status}: label and value lines about one backup, and about what the manager
 * and the automatic backups do.
 */
public final class BackupDetails {
    private final BackupManager manager;
    private final Console console;

    /**
     * @param manager the backup manager
     * @param console where to print
     */
    public BackupDetails(BackupManager manager, Console console) {
        this.manager = manager;
        this.console = console;
    }

    /**
     * Prints everything known of one backup.
     *
     * @param backupId the backup's id
     * @throws CommandFailedException when the id is invalid or no agent holds the backup
     */
    public void info(String backupId) {
        Attempt.run("Cannot show backup " + backupId, () -> describe(manager.get(backupId)).forEach(console::println));
    }

    /**
     * @param backup a backup
     * @return one line per fact, label and value, the labels padded to one width
     */
    public List<String> describe(Backup backup) {
        BackupMetadata m = backup.metadata();
        Lines lines = new Lines();
        lines.add("ID", backup.id());
        lines.add("Name", m.name());
        lines.add("Created", console.time(m.createdAt()));
        lines.add("Size", ConsoleText.size(m.size()) + " (" + m.size() + " bytes)");
        lines.add("SHA-256", m.sha256());
        lines.add("Protected", ConsoleText.protection(backup));
        lines.add("Format version", Integer.toString(m.formatVersion()));
        lines.add("Made by", m.runtimeVersion().isEmpty() ? ConsoleText.NONE : m.runtimeVersion());
        lines.add("Contents", m.contents().isEmpty() ? ConsoleText.NONE : String.join(", ", m.contents()));
        lines.add("Agents", backup.agentIds().isEmpty() ? ConsoleText.NONE : String.join(", ", backup.agentIds()));
        backup.copies().forEach((agent, copy) -> {
            if (!copy.sha256().equals(m.sha256())) {
                lines.add("Copy on " + agent, (copy.isProtected() ? "protected, " : "unprotected, ")
                        + ConsoleText.size(copy.size()) + ", SHA-256 " + copy.sha256());
            }
        });
        if (backup.failedAgents().isEmpty()) {
            lines.add("Failed agents", ConsoleText.NONE);
        } else {
            backup.failedAgents().forEach((agent, reason) -> lines.add("Failed agent", agent + ": " + reason));
        }
        m.extras().forEach((key, value) -> lines.add("Extra", key + " = " + value));
        return lines.render();
    }

    /**
     * Prints what the manager is doing and how automatic backups fare.
     *
     * @param automatic the core bundle's scheduler; null while it (re)starts, when nothing is known of automatic
     *        backups
     */
    public void status(AutomaticBackups automatic) {
        Attempt.run("Cannot show the backup status", () -> {
            AutomaticBackupStatus status = automatic == null ? AutomaticBackupStatus.empty() : automatic.status();
            describe(manager.state(), manager.activeJob(), status).forEach(console::println);
        });
    }

    /**
     * @param state what the manager does
     * @param active the backup it runs, if any
     * @param status how automatic backups fare
     * @return one line per fact, the labels padded to one width, then one line per agent of the last failure
     */
    public List<String> describe(ManagerState state, Optional<BackupJob> active, AutomaticBackupStatus status) {
        Lines lines = new Lines();
        lines.add("State", switch (state) {
            case CREATING -> "creating a backup";
            case RESTORING -> "restoring a backup";
            case IDLE -> "idle";
        });
        active.ifPresent(job -> lines.add("Running backup", job.backupId() + " \"" + job.name() + "\""));
        lines.add("Last automatic backup", status.lastAttempt().map(console::time).orElse("never")
                + status.lastBackupId().map(id -> " (" + id + ")").orElse(""));
        lines.add("Last successful", status.lastSuccess().map(console::time).orElse("never"));
        lines.add("Next automatic run", status.nextRun().map(console::time).orElse("not scheduled"));
        lines.add("Last failure", status.lastFailure().orElse(status.failedAgents().isEmpty() ? "none"
                : "some agents failed"));
        status.failedAgents().forEach((agent, reason) -> lines.add("Failed agent", agent + ": " + reason));
        status.lastVerification().ifPresent(at -> lines.add("Last verification", console.time(at)
                + status.lastVerifiedBackupId().map(id -> " (" + id + ")").orElse("") + ": "
                + (status.damagedCopies().isEmpty() ? "every copy whole" : "DAMAGED on "
                        + String.join(", ", status.damagedCopies().keySet()))));
        status.verifiedCopies().forEach((agent, result) -> lines.add("Verified copy", agent + ": " + result));
        return lines.render();
    }
}
