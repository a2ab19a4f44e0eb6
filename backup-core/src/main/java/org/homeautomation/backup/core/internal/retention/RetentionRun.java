package org.homeautomation.backup.core.internal.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.RetentionDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the delete decisions of a {@link RetentionPlanner}: exactly those, so a preview shows what a run does.
 */
public final class RetentionRun {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionRun.class);

    /** Deletes one backup from one agent. */
    @FunctionalInterface
    public interface Deleter {
        /**
         * @param backupId the backup
         * @param agentId the agent
         * @throws BackupException when it could not be deleted
         */
        void delete(String backupId, String agentId) throws BackupException;
    }

    private RetentionRun() {
    }

    /**
     * @param decisions the planner's decisions
     * @param onAgent which agents to delete on (those that just stored the new backup)
     * @param deleter deletes
     * @return what could not be deleted, each naming backup, agent and reason; empty when all went
     */
    public static List<String> apply(List<RetentionDecision> decisions, Predicate<String> onAgent,
            Deleter deleter) {
        List<String> problems = new ArrayList<>();
        for (RetentionDecision d : decisions) {
            if (!d.isDelete() || !onAgent.test(d.agentId())) {
                continue;
            }
            try {
                deleter.delete(d.backupId(), d.agentId());
                LOG.info("Retention deleted backup {} from agent '{}': {}", d.backupId(), d.agentId(), d.reason());
            } catch (BackupNotFoundException e) {
                // Deleted meanwhile by someone else: the aim is reached.
                LOG.debug("Backup {} was already gone from agent '{}'", d.backupId(), d.agentId());
            } catch (BackupException | RuntimeException e) {
                String problem = "backup " + d.backupId() + " on agent '" + d.agentId() + "': " + e.getMessage();
                LOG.warn("Retention could not delete {}. It is tried again after the next automatic backup.",
                        problem);
                problems.add(problem);
            }
        }
        return problems;
    }
}
