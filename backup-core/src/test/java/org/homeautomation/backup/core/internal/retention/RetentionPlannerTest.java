package org.homeautomation.backup.core.internal.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.RetentionDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which backups retention keeps, and that a run deletes exactly what the preview listed. Dates are local times in
 * Europe/Berlin, the zone the calendar rules count days in.
 */
class RetentionPlannerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String US = "6f1c1a52-0d6e-4d0e-9d52-5d0f6b1f8f10";
    private static final String THEM = "1d5e8f0a-8a3b-4f6f-b1d8-3b3c3f0c9e21";
    private static final Instant NOW = at("2025-06-11T12:00+02:00");

    private final RetentionPlanner planner = new RetentionPlanner(US, BERLIN);
    private int sequence;

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    /** An automatic backup of this installation, named by a letter for the tables. */
    private BackupMetadata ours(String letter, String createdAt) {
        return metadata(letter, createdAt, Map.of(BackupMetadata.EXTRA_AUTOMATIC, "true",
                BackupMetadata.EXTRA_INSTALLATION, US));
    }

    private BackupMetadata metadata(String letter, String createdAt, Map<String, String> extras) {
        BackupMetadata.Builder b = BackupMetadata.builder().id(String.format("20250101-000000-%08x", ++sequence))
                .name(letter).createdAt(at(createdAt)).size(1).sha256("ab".repeat(32));
        extras.forEach(b::extra);
        return b.build();
    }

    private static List<Backup> on(Set<String> agents, BackupMetadata... backups) {
        return Arrays.stream(backups).map(m -> Backup.builder().metadata(m).agentIds(agents).build()).toList();
    }

    /** @return backup name to "KEEP: reason" or "DELETE: reason", for one agent */
    private static Map<String, String> byName(List<Backup> backups, List<RetentionDecision> decisions, String agent) {
        Map<String, String> names = new HashMap<>();
        backups.forEach(b -> names.put(b.id(), b.metadata().name()));
        Map<String, String> out = new TreeMap<>();
        decisions.stream().filter(d -> d.agentId().equals(agent))
                .forEach(d -> out.put(names.get(d.backupId()), d.action() + ": " + d.reason()));
        return out;
    }

    private static Set<String> kept(List<Backup> backups, List<RetentionDecision> decisions, String agent) {
        return byName(backups, decisions, agent).entrySet().stream().filter(e -> e.getValue().startsWith("KEEP"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * A: Tue 06-10 20:00, B: Tue 06-10 08:00, C: Mon 06-09 20:00, D: Sun 06-08 (ISO week 23), E: Sat 06-07,
     * F: Sun 06-01 (week 22), G: Sat 05-31 (week 22, May), H: Tue 05-20 (week 21), I: Tue 04-15 (April).
     */
    private List<Backup> calendar() {
        return on(Set.of("local"),
                ours("A", "2025-06-10T20:00+02:00"), ours("B", "2025-06-10T08:00+02:00"),
                ours("C", "2025-06-09T20:00+02:00"), ours("D", "2025-06-08T20:00+02:00"),
                ours("E", "2025-06-07T20:00+02:00"), ours("F", "2025-06-01T20:00+02:00"),
                ours("G", "2025-05-31T20:00+02:00"), ours("H", "2025-05-20T20:00+02:00"),
                ours("I", "2025-04-15T20:00+02:00"));
    }

    @ParameterizedTest(name = "last {0}, daily {1}, weekly {2}, monthly {3}, max age {4} -> keeps {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # last | daily | weekly | monthly | max age | kept
            3      | 0     | 0      | 0       | 0       | A B C
            1      | 0     | 0      | 0       | 0       | A
            20     | 0     | 0      | 0       | 0       | A B C D E F G H I
            0      | 2     | 0      | 0       | 0       | A C
            0      | 5     | 0      | 0       | 0       | A C D E F
            0      | 0     | 2      | 0       | 0       | A D
            0      | 0     | 3      | 0       | 0       | A D F
            0      | 0     | 0      | 2       | 0       | A G
            0      | 0     | 0      | 3       | 0       | A G I
            0      | 2     | 3      | 0       | 0       | A C D F
            2      | 0     | 0      | 2       | 0       | A B G
            0      | 0     | 0      | 0       | 5       | A B C D E
            0      | 0     | 0      | 3       | 30      | A G
            0      | 0     | 0      | 0       | 0       | A B C D E F G H I
            """)
    void rulesKeepWhatResticWould(int last, int daily, int weekly, int monthly, int maxAge, String expected) {
        List<Backup> backups = calendar();
        RetentionPolicy policy = new RetentionPolicy(new RetentionRules(last, daily, weekly, monthly, maxAge),
                Map.of());
        List<RetentionDecision> decisions = planner.plan(backups, policy, NOW);
        assertEquals(new TreeSet<>(List.of(expected.split(" "))), kept(backups, decisions, "local"),
                byName(backups, decisions, "local").toString());
        assertEquals(9, decisions.size(), "one decision per backup and agent");
    }

    @Test
    void reasonsSayWhichRuleKeptOrDeleted() {
        List<Backup> backups = calendar();
        RetentionPolicy policy = new RetentionPolicy(new RetentionRules(2, 0, 0, 2, 30), Map.of());
        Map<String, String> decisions = byName(backups, planner.plan(backups, policy, NOW), "local");
        assertEquals("KEEP: newest on this agent, keep-last 2, keep-monthly 2", decisions.get("A"));
        assertEquals("KEEP: keep-last 2", decisions.get("B"));
        assertEquals("KEEP: keep-monthly 2", decisions.get("G"));
        assertEquals("DELETE: not kept by keep-last 2, keep-monthly 2", decisions.get("C"));
        assertEquals("DELETE: older than 30 days", decisions.get("I"));
    }

    @Test
    void daysAreLocalDaysNotUtcDays() {
        // X is on 06-10 in Berlin but on 06-09 in UTC; Y is on 06-09 either way.
        List<Backup> backups = on(Set.of("local"), ours("A", "2025-06-10T20:00+02:00"),
                ours("X", "2025-06-10T00:30+02:00"), ours("Y", "2025-06-09T23:00+02:00"));
        RetentionPolicy policy = new RetentionPolicy(new RetentionRules(0, 2, 0, 0, 0), Map.of());
        assertEquals(Set.of("A", "Y"), kept(backups, planner.plan(backups, policy, NOW), "local"));
    }

    @Test
    void handMadeAndForeignBackupsAreNeverCandidates() {
        BackupMetadata hand = metadata("hand", "2025-01-01T10:00+01:00", Map.of());
        BackupMetadata foreign = metadata("foreign", "2025-01-02T10:00+01:00",
                Map.of(BackupMetadata.EXTRA_AUTOMATIC, "true", BackupMetadata.EXTRA_INSTALLATION, THEM));
        BackupMetadata anonymous = metadata("anonymous", "2025-01-03T10:00+01:00",
                Map.of(BackupMetadata.EXTRA_AUTOMATIC, "true"));
        BackupMetadata markedFalse = metadata("marked-false", "2025-01-04T10:00+01:00",
                Map.of(BackupMetadata.EXTRA_AUTOMATIC, "false", BackupMetadata.EXTRA_INSTALLATION, US));
        List<Backup> backups = on(Set.of("local"), hand, foreign, anonymous, markedFalse,
                ours("old", "2025-01-05T10:00+01:00"), ours("new", "2025-06-10T04:45+02:00"));
        RetentionPolicy strict = new RetentionPolicy(new RetentionRules(1, 0, 0, 0, 1), Map.of());
        Map<String, String> decisions = byName(backups, planner.plan(backups, strict, NOW), "local");
        assertEquals("KEEP: made by hand", decisions.get("hand"));
        assertEquals("KEEP: made by hand", decisions.get("marked-false"));
        assertEquals("KEEP: made by another installation", decisions.get("foreign"));
        assertEquals("KEEP: made by another installation", decisions.get("anonymous"));
        assertEquals("DELETE: older than 1 days", decisions.get("old"));
        assertTrue(decisions.get("new").startsWith("KEEP: newest on this agent"), decisions.get("new"));
    }

    @Test
    void theNewestBackupOfAnAgentIsKeptWhateverTheRules() {
        // Automatic backups stopped weeks ago, and a newer one was made by hand: the last automatic one stays.
        List<Backup> backups = on(Set.of("local"), metadata("hand", "2025-06-10T10:00+02:00", Map.of()),
                ours("P", "2025-04-01T04:45+02:00"), ours("Q", "2025-03-01T04:45+01:00"));
        RetentionPolicy policy = new RetentionPolicy(new RetentionRules(0, 0, 0, 0, 7), Map.of());
        Map<String, String> decisions = byName(backups, planner.plan(backups, policy, NOW), "local");
        assertEquals("KEEP: newest on this agent", decisions.get("P"));
        assertEquals("DELETE: older than 7 days", decisions.get("Q"));
    }

    @Test
    void perAgentOverridesChangeOnlyWhatTheyName() {
        RetentionPolicy policy = RetentionPolicy.parse(new RetentionRules(3, 0, 0, 0, 0),
                List.of("nas:keepLast=1", " cloud : maxAgeDays=2 "));
        assertEquals(new RetentionRules(1, 0, 0, 0, 0), policy.rulesFor("nas"));
        assertEquals(new RetentionRules(3, 0, 0, 0, 2), policy.rulesFor("cloud"));
        assertEquals(new RetentionRules(3, 0, 0, 0, 0), policy.rulesFor("local"));

        List<Backup> backups = on(Set.of("local", "nas", "cloud"), ours("A", "2025-06-10T20:00+02:00"),
                ours("B", "2025-06-10T08:00+02:00"), ours("C", "2025-06-09T20:00+02:00"),
                ours("D", "2025-06-08T20:00+02:00"));
        List<RetentionDecision> decisions = planner.plan(backups, policy, NOW);
        assertEquals(Set.of("A", "B", "C"), kept(backups, decisions, "local"));
        assertEquals(Set.of("A"), kept(backups, decisions, "nas"));
        assertEquals(Set.of("A", "B", "C"), kept(backups, decisions, "cloud"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            nas                      | agentId:key=value
            nas:keepLast             | is not key=value
            nas:keepLots=3           | Unknown retention rule 'keepLots'
            nas:keepLast=three       | keepLast must be a whole number
            nas:keepLast=-1          | keepLast must be 0 (off) or more
            ../x:keepLast=1          | agentId:key=value
            """)
    void malformedOverridesAreNamed(String entry, String expected) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RetentionPolicy.parse(RetentionRules.NONE, List.of(entry)));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(entry), e.getMessage());
    }

    /** The preview and the run are the same decisions: after the run, exactly the kept backups remain. */
    @Test
    void aRunDeletesExactlyWhatThePreviewListed() throws Exception {
        Map<String, Map<String, BackupMetadata>> agents = new LinkedHashMap<>();
        List<BackupMetadata> all = new ArrayList<>();
        for (Backup b : calendar()) {
            all.add(b.metadata());
        }
        all.add(metadata("hand", "2025-02-01T10:00+01:00", Map.of()));
        for (String agent : List.of("local", "nas")) {
            Map<String, BackupMetadata> held = new LinkedHashMap<>();
            all.forEach(m -> held.put(m.id(), m));
            agents.put(agent, held);
        }
        RetentionPolicy policy = RetentionPolicy.parse(new RetentionRules(1, 2, 2, 0, 0), List.of("nas:keepLast=4"));

        List<RetentionDecision> preview = planner.plan(listing(agents), policy, NOW);
        List<String> problems = RetentionRun.apply(preview, agent -> true, (id, agent) -> {
            if (agents.get(agent).remove(id) == null) {
                throw new BackupNotFoundException(id, "not on " + agent);
            }
        });

        assertEquals(List.of(), problems);
        for (String agent : agents.keySet()) {
            Set<String> keptIds = preview.stream().filter(d -> d.agentId().equals(agent) && !d.isDelete())
                    .map(RetentionDecision::backupId).collect(Collectors.toSet());
            assertEquals(keptIds, agents.get(agent).keySet(), "what remains on " + agent);
            assertTrue(keptIds.size() < all.size(), "the rules must have deleted something on " + agent);
        }
        assertFalse(planner.plan(listing(agents), policy, NOW).stream().anyMatch(RetentionDecision::isDelete),
                "a second run right after must find nothing to delete");
    }

    @Test
    void aRunDeletesOnlyOnTheAgentsItIsGivenAndReportsFailures() {
        List<Backup> backups = on(Set.of("local", "nas"), ours("A", "2025-06-10T20:00+02:00"),
                ours("B", "2025-06-10T08:00+02:00"), ours("C", "2025-06-09T20:00+02:00"));
        List<RetentionDecision> decisions = planner.plan(backups,
                new RetentionPolicy(new RetentionRules(1, 0, 0, 0, 0), Map.of()), NOW);
        List<String> deleted = new ArrayList<>();
        List<String> problems = RetentionRun.apply(decisions, "local"::equals, (id, agent) -> {
            if (id.equals(backups.get(1).id())) {
                throw new org.homeautomation.backup.api.BackupAgentException("Agent 'local': disk is read-only");
            }
            deleted.add(id + "@" + agent);
        });
        assertEquals(List.of(backups.get(2).id() + "@local"), deleted);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains(backups.get(1).id()) && problems.get(0).contains("'local'")
                && problems.get(0).contains("read-only"), problems.get(0));
    }

    private static List<Backup> listing(Map<String, Map<String, BackupMetadata>> agents) {
        Map<String, BackupMetadata> metadata = new LinkedHashMap<>();
        Map<String, Set<String>> holders = new HashMap<>();
        agents.forEach((agent, held) -> held.values().forEach(m -> {
            metadata.putIfAbsent(m.id(), m);
            holders.computeIfAbsent(m.id(), k -> new TreeSet<>()).add(agent);
        }));
        return metadata.values().stream().map(m -> Backup.builder().metadata(m).agentIds(holders.get(m.id())).build())
                .toList();
    }
}
