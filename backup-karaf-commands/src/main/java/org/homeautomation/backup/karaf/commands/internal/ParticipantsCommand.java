package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeautomation.backup.api.ParticipantInfo;

/**
 * {@code backup:participants}: the registered participants, in the order their pre-backup step runs, and whether
 * each takes part in backups. An ignored participant's steps do not run, so whatever it guards is not quiesced; the
 * table says why, so that a person can fix it.
 */
@Service
@Command(scope = "backup", name = "participants",
        description = "Lists the registered backup participants and whether each takes part in backups, or why not.")
public class ParticipantsCommand extends BackupCommand {

    @Override
    void run(PrintStream console) {
        List<ParticipantInfo> participants = manager.participants();
        if (participants.isEmpty()) {
            console.println("No backup participants are registered: backups hold the configured sources only.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Bundle");
        table.column("Ranking").alignRight();
        table.column("Takes part");
        table.column("Problem");
        for (ParticipantInfo participant : participants) {
            table.addRow().addContent(row(participant));
        }
        table.print(console);
    }

    /**
     * @param participant a registered participant
     * @return the cells of its row: id, bundle, ranking, takes part, problem
     */
    static List<Object> row(ParticipantInfo participant) {
        return List.of(participant.id(), participant.bundleSymbolicName(), participant.ranking(),
                ConsoleText.yesNo(participant.isActive()), participant.problem().orElse(ConsoleText.NONE));
    }

    @Override
    String whatFailed() {
        return "Cannot list participants";
    }
}
