package org.homeautomation.backup.core.internal.create;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.UnknownAgentException;
import org.homeautomation.backup.core.internal.agents.AgentRegistry;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.participants.ParticipantRegistry;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The creation planner resolves a request into agents, folders and participants, and refuses what it cannot make. */
class CreationPlannerTest {
    @TempDir
    Path dir;

    private final AgentRegistry agents = new AgentRegistry(a -> { }, a -> { });
    private final ParticipantRegistry participants = new ParticipantRegistry();
    private final CreationPlanner planner = new CreationPlanner(agents, participants);

    @Test
    void aRequestForEverythingTakesEveryAgentFolderAndParticipant() throws Exception {
        agents.add(new TestAgent("nas", null), 1, 0, "test.bundle");
        agents.add(new TestAgent("cloud", null), 2, 0, "test.bundle");
        participants.add(new NamedParticipant("database"), 3, 0, "test.participant");
        participants.add(new NamedParticipant("etc"), 4, 0, "test.clash");
        ManagerSettings s = settings("etc", "userdata");
        CreationPlanner.PlannedBackup planned = planner.plan(BackupRequest.builder("Nightly")
                .password("secret".toCharArray()).build(), s);

        BackupPlan plan = planned.plan();
        assertEquals("Nightly", plan.name());
        assertEquals(List.of("cloud", "nas"), plan.agents().stream().map(TrackedAgent::id).toList());
        assertEquals(List.of("etc", "userdata"), List.copyOf(plan.sources().keySet()));
        assertEquals(List.of("database"), plan.participants().stream().map(TrackedParticipant::id).toList());
        assertArrayEquals("secret".toCharArray(), plan.password().orElseThrow().chars());
        assertEquals(1, planned.warnings().size());
        assertTrue(planned.warnings().get(0).startsWith("Backup participant 'etc' of bundle test.clash did not take"
                + " part"), planned.warnings().get(0));
        assertEquals(List.of("etc", "userdata", "database"), planner.contents(s));
    }

    @Test
    void aRequestForSomeAgentsAndContentsTakesOnlyThose() throws Exception {
        agents.add(new TestAgent("nas", null), 1, 0, "test.bundle");
        agents.add(new TestAgent("cloud", null), 2, 0, "test.bundle");
        participants.add(new NamedParticipant("database"), 3, 0, "test.participant");

        BackupPlan plan = planner.plan(BackupRequest.builder("Before the upgrade").agents("nas")
                .contents("database").build(), settings("etc")).plan();

        assertEquals(List.of("nas"), plan.agents().stream().map(TrackedAgent::id).toList());
        assertTrue(plan.sources().isEmpty());
        assertEquals(List.of("database"), plan.participants().stream().map(TrackedParticipant::id).toList());
        assertTrue(plan.password().isEmpty());
    }

    @Test
    void refusesWithoutAgentsWithAnUnknownAgentOrContentAndWithNothingToBackUp() throws Exception {
        BackupException noAgent = assertThrows(BackupException.class,
                () -> planner.plan(BackupRequest.builder("b").build(), settings("etc")));
        assertEquals("No backup agent is registered, so a backup could not be stored anywhere. Install"
                + " backup-agent-local or configure another agent.", noAgent.getMessage());

        agents.add(new TestAgent("nas", null), 1, 0, "test.bundle");
        UnknownAgentException unknownAgent = assertThrows(UnknownAgentException.class,
                () -> planner.plan(BackupRequest.builder("b").agents("cloud").build(), settings("etc")));
        assertEquals("There is no backup agent 'cloud'. Registered agents: nas.", unknownAgent.getMessage());

        BackupException unknownContent = assertThrows(BackupException.class,
                () -> planner.plan(BackupRequest.builder("b").contents("etc", "database").build(), settings("etc")));
        assertEquals("There is no content 'database'. Available: etc.", unknownContent.getMessage());

        BackupException nothing = assertThrows(BackupException.class,
                () -> planner.plan(BackupRequest.builder("b").build(), settings()));
        assertEquals("There is nothing to back up: no source folder is configured (key 'sources' of"
                + " org.homeautomation.backup) and no participant is registered.", nothing.getMessage());
    }

    private ManagerSettings settings(String... sourceNames) throws Exception {
        Map<String, Path> sources = new LinkedHashMap<>();
        for (String name : sourceNames) {
            sources.put(name, Files.createDirectories(dir.resolve(name)));
        }
        return new ManagerSettings(sources, List.of(), dir.resolve("staging"), 3, 1, Duration.ofSeconds(5),
                UnreadableFilePolicy.FAIL, Set.of());
    }

    private record NamedParticipant(String id) implements BackupParticipant {
        @Override
        public void preBackup(BackupContext context) {
        }

        @Override
        public void postBackup(BackupContext context, BackupOutcome outcome) {
        }
    }
}
