package org.homeautomation.backup.core.internal.automatic;

import java.time.Clock;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.core.internal.config.AutomaticBackupConfiguration;
import org.homeautomation.backup.core.internal.config.AutomaticSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification of the newest copy on each agent ({@code verifyDays}): whatever made it (a backup by hand, an
 * automatic one, another installation sharing the storage), the newest backup an agent holds is the one a restore
 * would take, so it is read back and checked, to find damage at rest (a failing disk, a bucket's objects changed)
 * before it is needed. The agents are those of automatic backups ({@code agents}, or every registered one).
 *
 * <p>A protected copy is opened with the automatic backups' password when it is an automatic backup of this
 * installation; any other is checked without a password (size, SHA-256 digest of the whole copy, the names of its
 * contents), which still finds any changed byte.
 */
final class NewestCopiesVerification {
    private static final Logger LOG = LoggerFactory.getLogger(NewestCopiesVerification.class);

    /**
     * What was found.
     *
     * @param verification the copies verified; its backup is the newest of them
     * @param backupId the newest backup verified, or null when no agent holds one
     * @param failure what is wrong, naming the backups, agents and what to do; null when every copy is whole
     * @param failedAgents agent id to what is wrong, for each agent whose newest copy is damaged or unreadable, in the
     *        order of the ids
     */
    record Result(AutomaticRun.Verification verification, String backupId, String failure,
            Map<String, String> failedAgents) {
    }

    private final BackupManager manager;
    private final BackupVerifier verifier;
    private final AutomaticSettings settings;
    private final String installationId;
    private final Clock clock;

    NewestCopiesVerification(BackupManager manager, BackupVerifier verifier, AutomaticSettings settings,
            String installationId, Clock clock) {
        this.manager = manager;
        this.verifier = verifier;
        this.settings = settings;
        this.installationId = installationId;
        this.clock = clock;
    }

    /**
     * @param madeNow the backup this run made, or null
     * @param verifiedNow the verification of its copies after it was made, or null: copies it read are not read again
     * @return what was found
     */
    Result run(String madeNow, AutomaticRun.Verification verifiedNow) {
        BackupListing listing = manager.list();
        Set<String> registered = manager.agents().stream().map(AgentInfo::id).collect(Collectors.toSet());
        Map<String, Backup> newest = new LinkedHashMap<>();
        Map<String, String> lines = new LinkedHashMap<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        for (String agent : agents(registered)) {
            if (!registered.contains(agent)) {
                String why = "could not be verified: agent '" + agent + "' is not registered; check that its bundle"
                        + " runs and its configuration is valid, or remove it from 'agents' of "
                        + AutomaticBackupConfiguration.PID;
                lines.put(agent, why);
                damaged.put(agent, why);
                continue;
            }
            Optional<Backup> backup = listing.backups().stream().filter(b -> b.agentIds().contains(agent))
                    .max(Comparator.comparing((Backup b) -> b.metadata().createdAt()).thenComparing(Backup::id));
            if (backup.isPresent()) {
                newest.put(agent, backup.get());
            } else if (listing.agentErrors().containsKey(agent)) {
                String why = "could not be verified: its backups cannot be listed: "
                        + listing.agentErrors().get(agent);
                lines.put(agent, why);
                damaged.put(agent, why);
            } else {
                lines.put(agent, "no backup on this agent to verify");
            }
        }
        String shown = newest.values().stream().max(Comparator.comparing((Backup b) -> b.metadata().createdAt())
                .thenComparing(Backup::id)).map(Backup::id).orElse(null);
        newest.forEach((agent, backup) -> {
            CopyCheck check = backup.id().equals(madeNow) && verifiedNow != null
                    && verifiedNow.copies().containsKey(agent)
                            ? new CopyCheck(verifiedNow.copies().get(agent), verifiedNow.damaged().containsKey(agent))
                            : CopyCheck.of(verifier, backup.id(), agent, password(backup.metadata()));
            String line = (backup.id().equals(shown) ? "" : "backup " + backup.id() + ": ") + check.line();
            lines.put(agent, line);
            if (check.damaged()) {
                damaged.put(agent, line);
            }
        });
        AutomaticRun.Verification verification = new AutomaticRun.Verification(clock.instant(), Map.copyOf(lines),
                Map.copyOf(damaged));
        if (damaged.isEmpty()) {
            LOG.info("The newest copy on each agent was verified: {}", describe(lines));
            return new Result(verification, shown, null, Map.of());
        }
        Map<String, String> failed = new LinkedHashMap<>();
        damaged.forEach((agent, line) -> failed.put(agent, newest.containsKey(agent) ? "its newest copy (backup "
                + newest.get(agent).id() + ") is damaged or unreadable: " + line : line));
        String failure = "The scheduled verification of the newest copy on each agent found " + (damaged.size() == 1
                ? "one that is" : damaged.size() + " that are") + " damaged or unreadable: "
                + withoutFullStop(describe(failed)) + ". Check the agent's storage, make a new backup"
                + " (backup:create) and verify it (backup:verify); do not rely on the damaged copy for a restore.";
        LOG.error("{}", failure);
        return new Result(verification, shown, failure, Collections.unmodifiableMap(new TreeMap<>(failed)));
    }

    private Set<String> agents(Set<String> registered) {
        return settings.agents().isEmpty() ? new TreeSet<>(registered) : settings.agents();
    }

    /** @return the automatic backups' password for a protected automatic backup of this installation, else null */
    private char[] password(BackupMetadata metadata) {
        Map<String, String> extras = metadata.extras();
        boolean ours = "true".equals(extras.get(BackupMetadata.EXTRA_AUTOMATIC))
                && installationId.equals(extras.get(BackupMetadata.EXTRA_INSTALLATION));
        return ours ? settings.password().map(Password::chars).orElse(null) : null;
    }

    private static String withoutFullStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String describe(Map<String, String> byAgent) {
        return byAgent.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }
}
