package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;

/**
 * {@code backup:info <id>}: everything known of one backup.
 */
@Service
@Command(scope = "backup", name = "info", description = "Shows everything known of one backup.")
public class InfoCommand extends BackupCommand {

    @Argument(index = 0, name = "id", description = "The backup's id (see backup:list).", required = true)
    @Completion(BackupIdCompleter.class)
    String backupId;

    @Override
    void run(PrintStream console) throws BackupException {
        describe(manager.get(backupId)).forEach(console::println);
    }

    /**
     * @return one line per fact, label and value, the labels padded to one width
     */
    List<String> describe(Backup backup) {
        BackupMetadata m = backup.metadata();
        Lines lines = new Lines();
        lines.add("ID", backup.id());
        lines.add("Name", m.name());
        lines.add("Created", ConsoleText.time(m.createdAt(), zone));
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

    @Override
    String whatFailed() {
        return "Cannot show backup " + backupId;
    }
}
