package org.homeautomation.backup.core.internal.create;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.core.internal.agents.AgentRegistry;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.config.BackupConfiguration;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.participants.ParticipantRegistry;
import org.homeautomation.backup.core.internal.participants.ParticipantRoster;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;

/**
 * Checks a backup request against the registered agents, participants and the configuration, and resolves it into a
 * {@link BackupPlan}: the agents to upload to, the folders and participants whose contents go in.
 */
public final class CreationPlanner {
    private final AgentRegistry agents;
    private final ParticipantRegistry participants;

    /**
     * @param agents the agents registered now
     * @param participants the participants registered now
     */
    public CreationPlanner(AgentRegistry agents, ParticipantRegistry participants) {
        this.agents = agents;
        this.participants = participants;
    }

    /**
     * A plan with the participants that were left out of it.
     *
     * @param plan the plan
     * @param warnings one per registered participant that does not take part, with why
     */
    public record PlannedBackup(BackupPlan plan, List<String> warnings) {
    }

    /**
     * @param request the request; its password is wiped once copied into the plan
     * @param s the settings the backup runs with
     * @return the plan, holding a copy of the password, which the caller wipes
     * @throws BackupException when no agent is registered, an agent asked for is unknown, or a content asked for is
     *         neither a configured folder nor a registered participant, or there is nothing to back up
     */
    public PlannedBackup plan(BackupRequest request, ManagerSettings s) throws BackupException {
        List<TrackedAgent> targets = selectAgents(request.agentIds());
        ParticipantRoster roster = participants.roster(s.sources().keySet());
        Map<String, TrackedParticipant> available = roster.available();
        Set<String> contents = request.contents().isEmpty() ? allContents(s, available)
                : new LinkedHashSet<>(request.contents());
        if (contents.isEmpty()) {
            throw new BackupException("There is nothing to back up: no source folder is configured (key 'sources' of "
                    + BackupConfiguration.PID + ") and no participant is registered.");
        }
        for (String c : contents) {
            if (!s.sources().containsKey(c) && !available.containsKey(c)) {
                throw new BackupException("There is no content '" + c + "'. Available: "
                        + String.join(", ", allContents(s, available)) + ".");
            }
        }
        Map<String, Path> sources = new LinkedHashMap<>();
        s.sources().forEach((name, path) -> {
            if (contents.contains(name)) {
                sources.put(name, path);
            }
        });
        List<TrackedParticipant> chosen = available.values().stream().filter(p -> contents.contains(p.id()))
                .toList();

        Instant now = Instant.now();
        char[] given = request.password().orElse(null);
        Optional<Password> password = Password.of(given);
        if (given != null) {
            Arrays.fill(given, '\0');
        }
        BackupPlan plan = new BackupPlan(BackupIds.newId(now), request.name(), now, targets, sources, chosen, s,
                request.extras(), password);
        return new PlannedBackup(plan, roster.warnings());
    }

    /** @return the contents a backup may hold now: the configured folders, then the participants taking part */
    public List<String> contents(ManagerSettings s) {
        return List.copyOf(allContents(s, participants.roster(s.sources().keySet()).available()));
    }

    private List<TrackedAgent> selectAgents(Set<String> ids) throws BackupException {
        if (ids.isEmpty()) {
            List<TrackedAgent> all = agents.all();
            if (all.isEmpty()) {
                throw new BackupException("No backup agent is registered, so a backup could not be stored anywhere."
                        + " Install backup-agent-local or configure another agent.");
            }
            return all;
        }
        List<TrackedAgent> selected = new ArrayList<>();
        for (String id : ids) {
            selected.add(agents.require(id));
        }
        return selected;
    }

    private static Set<String> allContents(ManagerSettings s, Map<String, TrackedParticipant> participants) {
        Set<String> all = new LinkedHashSet<>(s.sources().keySet());
        all.addAll(participants.keySet());
        return all;
    }
}
