package org.homeautomation.backup.console;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.homeautomation.backup.api.BackupManager;

/**
 * {@code backup:delete}: deletes a backup from some or every agent that holds it, and says from where.
 */
public final class BackupDeletion {
    private final BackupManager manager;
    private final Console console;

    /**
     * @param manager the backup manager
     * @param console where to print
     */
    public BackupDeletion(BackupManager manager, Console console) {
        this.manager = manager;
        this.console = console;
    }

    /**
     * @param backupId the backup's id
     * @param agents the agents to delete it from; empty for every agent that holds it
     * @throws CommandFailedException when the backup is unknown or an agent cannot delete it
     */
    public void delete(String backupId, List<String> agents) {
        Attempt.run("Cannot delete backup " + backupId, () -> {
            Set<String> from = new TreeSet<>(agents);
            if (from.isEmpty()) {
                // Asked first only to say where it was deleted from; the manager deletes from every holder by itself.
                from = manager.get(backupId).agentIds();
            }
            manager.delete(backupId, Set.copyOf(agents));
            console.println("Deleted backup " + backupId + (from.isEmpty() ? "." : " from " + String.join(", ", from)
                    + "."));
        });
    }
}
