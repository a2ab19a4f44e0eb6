package org.homeautomation.backup.webconsole.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.ParticipantInfo;

/**
 * Turns what the manager reports into the JSON the page reads: plain maps, lists, strings, numbers and booleans, as
 * the shared JSON writer takes them. Free of I/O, so that it can be tested on its own.
 */
final class OverviewJson {
    private OverviewJson() {
    }

    /**
     * @param state what the manager does now
     * @param automatic the status of automatic backups
     * @param agents the registered agents
     * @param participants the registered participants in run order, the ignored ones with their reason
     * @param contents the content names a backup can include
     * @param listing the backups across agents, newest first, and the agents that could not be listed
     * @return the page's overview
     */
    static Map<String, Object> overview(ManagerState state, AutomaticBackupStatus automatic, List<AgentInfo> agents,
            List<ParticipantInfo> participants, List<String> contents, BackupListing listing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.name());
        m.put("automatic", automatic(automatic));
        m.put("agents", agents(agents, listing));
        m.put("participants", participants(participants));
        m.put("contents", new ArrayList<Object>(contents));
        List<Object> backups = new ArrayList<>();
        listing.backups().forEach(b -> backups.add(backup(b)));
        m.put("backups", backups);
        return m;
    }

    /** @return the status of automatic backups; absent times are null */
    static Map<String, Object> automatic(AutomaticBackupStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastAttempt", time(status.lastAttempt()));
        m.put("lastSuccess", time(status.lastSuccess()));
        m.put("nextRun", time(status.nextRun()));
        m.put("lastBackupId", status.lastBackupId().orElse(null));
        m.put("lastFailure", status.lastFailure().orElse(null));
        m.put("failedAgents", new LinkedHashMap<String, Object>(status.failedAgents()));
        m.put("lastVerification", time(status.lastVerification()));
        m.put("lastVerifiedBackupId", status.lastVerifiedBackupId().orElse(null));
        m.put("verifiedCopies", new LinkedHashMap<String, Object>(status.verifiedCopies()));
        m.put("damagedCopies", new LinkedHashMap<String, Object>(status.damagedCopies()));
        return m;
    }

    /**
     * The registered agents, available unless their list failed, then the agents that hold backups or failed to list
     * but are not registered now, as unavailable.
     */
    static List<Object> agents(List<AgentInfo> registered, BackupListing listing) {
        List<Object> out = new ArrayList<>();
        Map<String, String> errors = listing.agentErrors();
        TreeMap<String, String> missing = new TreeMap<>();
        listing.backups().forEach(b -> b.agentIds().forEach(id -> missing.put(id, null)));
        missing.putAll(errors);
        for (AgentInfo agent : registered) {
            missing.remove(agent.id());
            String problem = errors.get(agent.id());
            out.add(agent(agent.id(), agent.name(), agent.bundleSymbolicName(), true, problem));
        }
        missing.forEach((id, problem) -> out.add(agent(id, id, null, false,
                problem != null ? problem : "The agent is not registered now: its bundle or configuration is gone.")));
        return out;
    }

    private static Map<String, Object> agent(String id, String name, String bundle, boolean registered,
            String problem) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("bundle", bundle);
        m.put("registered", registered);
        m.put("available", registered && problem == null);
        m.put("problem", problem);
        return m;
    }

    /**
     * @param participants the registered participants, in the order their pre-backup step runs
     * @return each with whether it takes part in backups and, when it does not, why
     */
    static List<Object> participants(List<ParticipantInfo> participants) {
        List<Object> out = new ArrayList<>();
        for (ParticipantInfo participant : participants) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", participant.id());
            m.put("bundle", participant.bundleSymbolicName());
            m.put("ranking", (long) participant.ranking());
            m.put("active", participant.isActive());
            m.put("problem", participant.problem().orElse(null));
            out.add(m);
        }
        return out;
    }

    /** @return one backup: what all copies share, then each agent's copy and each agent that failed */
    static Map<String, Object> backup(Backup backup) {
        BackupMetadata meta = backup.metadata();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", backup.id());
        m.put("name", meta.name());
        m.put("createdAt", meta.createdAt().toString());
        m.put("size", meta.size());
        m.put("contents", new ArrayList<Object>(meta.contents()));
        m.put("automatic", "true".equals(meta.extras().get(BackupMetadata.EXTRA_AUTOMATIC)));
        List<Object> copies = new ArrayList<>();
        backup.copies().forEach((agent, copy) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("agent", agent);
            c.put("protected", copy.isProtected());
            c.put("size", copy.size());
            copies.add(c);
        });
        m.put("copies", copies);
        m.put("failedAgents", new LinkedHashMap<String, Object>(backup.failedAgents()));
        return m;
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
