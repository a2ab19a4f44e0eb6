package org.homeautomation.backup.core.internal.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.RetentionDecision;

/**
 * Decides, for every backup on every agent, whether retention keeps or deletes it. Pure: the same backups, policy and
 * time give the same decisions, which is what makes the preview the real run.
 *
 * <p>Only automatic backups of this installation are candidates; everything else is kept, and so is the newest
 * candidate of each agent. Among candidates, older than {@code maxAgeDays} is deleted; otherwise a candidate is kept
 * when a keep rule selects it. The calendar rules work as restic's {@code forget --keep-daily} does: going from the
 * newest backup back, the newest backup of each day (week, month) is kept, for as many days (weeks, months) that have
 * backups as the rule says; days are local days of the given zone, weeks ISO weeks.
 */
public final class RetentionPlanner {
    /** Reason for a backup without the automatic mark. */
    public static final String MADE_BY_HAND = "made by hand";
    /** Reason for an automatic backup of another installation. */
    public static final String OTHER_INSTALLATION = "made by another installation";
    /** Reason for the newest candidate of an agent. */
    public static final String NEWEST = "newest on this agent";
    /** Reason when no rule is configured for the agent. */
    public static final String NO_RULES = "no retention rule set";

    private static final Comparator<BackupMetadata> NEWEST_FIRST = Comparator
            .comparing(BackupMetadata::createdAt).thenComparing(BackupMetadata::id).reversed();

    private final String installationId;
    private final ZoneId zone;

    /**
     * @param installationId this installation's id; automatic backups carrying another are never candidates
     * @param zone the zone whose days, weeks and months the calendar rules count
     */
    public RetentionPlanner(String installationId, ZoneId zone) {
        this.installationId = installationId;
        this.zone = zone;
    }

    /**
     * @param backups the backups with the agents that hold them, as the manager lists them
     * @param policy the rules
     * @param now the current time, for the maximum age
     * @return a decision for each backup on each agent that holds it, sorted by agent, then newest first
     */
    public List<RetentionDecision> plan(List<Backup> backups, RetentionPolicy policy, Instant now) {
        Map<String, List<BackupMetadata>> byAgent = new TreeMap<>();
        for (Backup b : backups) {
            for (String agent : b.agentIds()) {
                byAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(b.metadata());
            }
        }
        List<RetentionDecision> decisions = new ArrayList<>();
        byAgent.forEach((agent, held) -> decisions.addAll(planAgent(agent, held, policy.rulesFor(agent), now)));
        return decisions;
    }

    private List<RetentionDecision> planAgent(String agent, List<BackupMetadata> held, RetentionRules rules,
            Instant now) {
        List<BackupMetadata> sorted = new ArrayList<>(held);
        sorted.sort(NEWEST_FIRST);
        List<BackupMetadata> candidates = sorted.stream().filter(this::isCandidate).toList();

        Map<String, List<String>> keptBy = new LinkedHashMap<>();
        if (!candidates.isEmpty()) {
            reason(keptBy, candidates.get(0), NEWEST);
        }
        for (int i = 0; i < Math.min(rules.keepLast(), candidates.size()); i++) {
            reason(keptBy, candidates.get(i), "keep-last " + rules.keepLast());
        }
        keepNewestPerPeriod(candidates, rules.keepDaily(), this::localDate)
                .forEach(m -> reason(keptBy, m, "keep-daily " + rules.keepDaily()));
        keepNewestPerPeriod(candidates, rules.keepWeekly(), this::isoWeek)
                .forEach(m -> reason(keptBy, m, "keep-weekly " + rules.keepWeekly()));
        keepNewestPerPeriod(candidates, rules.keepMonthly(), m -> YearMonth.from(localDate(m)))
                .forEach(m -> reason(keptBy, m, "keep-monthly " + rules.keepMonthly()));

        Instant oldestKept = rules.maxAgeDays() > 0 ? now.minus(Duration.ofDays(rules.maxAgeDays())) : null;
        Set<String> candidateIds = new HashSet<>();
        candidates.forEach(c -> candidateIds.add(c.id()));
        List<RetentionDecision> decisions = new ArrayList<>();
        for (BackupMetadata m : sorted) {
            if (!candidateIds.contains(m.id())) {
                decisions.add(RetentionDecision.keep(m.id(), agent, m.createdAt(), isAutomatic(m) ? OTHER_INSTALLATION
                        : MADE_BY_HAND));
                continue;
            }
            List<String> reasons = keptBy.getOrDefault(m.id(), List.of());
            if (reasons.contains(NEWEST)) {
                decisions.add(RetentionDecision.keep(m.id(), agent, m.createdAt(), String.join(", ", reasons)));
            } else if (rules.isEmpty()) {
                decisions.add(RetentionDecision.keep(m.id(), agent, m.createdAt(), NO_RULES));
            } else if (oldestKept != null && m.createdAt().isBefore(oldestKept)) {
                decisions.add(RetentionDecision.delete(m.id(), agent, m.createdAt(),
                        "older than " + rules.maxAgeDays() + " days"));
            } else if (!reasons.isEmpty()) {
                decisions.add(RetentionDecision.keep(m.id(), agent, m.createdAt(), String.join(", ", reasons)));
            } else if (rules.hasKeepRules()) {
                decisions.add(RetentionDecision.delete(m.id(), agent, m.createdAt(),
                        "not kept by " + rules.describeKeepRules()));
            } else {
                decisions.add(RetentionDecision.keep(m.id(), agent, m.createdAt(),
                        "younger than " + rules.maxAgeDays() + " days"));
            }
        }
        return decisions;
    }

    /**
     * @param m a backup's metadata
     * @return whether retention may delete the backup: marked automatic by this installation
     */
    public boolean isCandidate(BackupMetadata m) {
        return isAutomatic(m) && installationId.equals(m.extras().get(BackupMetadata.EXTRA_INSTALLATION));
    }

    private static boolean isAutomatic(BackupMetadata m) {
        return "true".equals(m.extras().get(BackupMetadata.EXTRA_AUTOMATIC));
    }

    private static <K> List<BackupMetadata> keepNewestPerPeriod(List<BackupMetadata> newestFirst, int periods,
            Function<BackupMetadata, K> period) {
        List<BackupMetadata> kept = new ArrayList<>();
        if (periods <= 0) {
            return kept;
        }
        Set<K> seen = new HashSet<>();
        for (BackupMetadata m : newestFirst) {
            if (seen.size() == periods) {
                break;
            }
            if (seen.add(period.apply(m))) {
                kept.add(m);
            }
        }
        return kept;
    }

    private LocalDate localDate(BackupMetadata m) {
        return m.createdAt().atZone(zone).toLocalDate();
    }

    private Long isoWeek(BackupMetadata m) {
        LocalDate d = localDate(m);
        return d.get(IsoFields.WEEK_BASED_YEAR) * 100L + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    private static void reason(Map<String, List<String>> keptBy, BackupMetadata m, String reason) {
        keptBy.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(reason);
    }
}
