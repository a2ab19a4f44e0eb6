package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What {@code backup:create} and {@code backup:participants} tell a person and a script in a stock Apache Karaf
 * 4.4.10: every stage from the first, ignored participants and their warning, and a command that fails when an
 * agent failed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleOutcomesInKarafTest extends KarafWithBackupFeature {
    private static final List<String> STAGES = List.of("  preparing the contents...", "  writing the archive...",
            "  uploading...");

    @Before
    public void awaitTheDefaultAgent() throws Exception {
        new ManagerView(context).awaitAgent("local", true);
    }

    @Test
    public void everyBackupShowsItsStagesFromTheFirstInOrder() {
        for (int run = 1; run <= 10; run++) {
            String output = console.run("backup:create stages-" + run);

            List<String> lines = output.lines().toList();
            int at = -1;
            for (String stage : STAGES) {
                int found = lines.indexOf(stage);
                assertTrue("run " + run + ": '" + stage.strip() + "' is shown after the stages before it:\n" + output,
                        found > at);
                at = found;
            }
            assertTrue("run " + run + ": the summary comes last:\n" + output,
                    lines.get(lines.size() - 1).matches("Backup \\S+ created \\(.*\\) on 1 agent\\."));
        }
    }

    @Test
    public void aParticipantNamedLikeASourceIsShownIgnoredWithItsReasonAndWarnedOf() throws Exception {
        try (AutoCloseable participant = TestServices.participant(context, "etc")) {
            String table = console.run("backup:participants");

            String row = table.lines().filter(l -> l.startsWith("etc ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for participant etc:\n" + table));
            assertTrue(table, table.lines().findFirst().orElse("").matches(
                    "ID\\s*[|│]\\s*Bundle\\s*[|│]\\s*Ranking\\s*[|│]\\s*Takes part\\s*[|│]\\s*Problem\\s*"));
            assertTrue("ignored: " + row, row.matches(".*[|│]\\s*no\\s*[|│].*"));
            assertTrue("with the reason: " + row, row.contains("a configured source is named 'etc' too"));

            String created = console.run("backup:create ignored-participant");
            assertTrue(created, created.lines().anyMatch(l -> l.startsWith("  warning: Backup participant 'etc'")
                    && l.contains("did not take part")));
        }
        assertFalse("gone with its service", console.run("backup:participants").lines()
                .anyMatch(l -> l.startsWith("etc ")));
    }

    @Test
    public void aBackupThatFailedOnAnAgentFailsTheCommandNamingTheAgent() throws Exception {
        String reason = "the share //nas/backups is not mounted";
        try (AutoCloseable failing = TestServices.failingAgent(context, "broken", reason)) {
            String name = "partly-" + UUID.randomUUID().toString().substring(0, 8);
            KarafConsole.Result partly = console.execute(KarafConsole.ADMIN,
                    "backup:create --agent local --agent broken " + name);

            assertNotNull("a backup that failed on an agent fails the command; it printed:\n" + partly.output(),
                    partly.failure());
            String message = partly.failure().getMessage();
            assertTrue(message, message.matches("Backup \\S+ created \\(.*\\) on 1 of 2 agents; failed on broken\\."));
            assertEquals("the error Karaf prints, without a stack trace", "CommandException",
                    partly.failure().getClass().getSimpleName());
            assertTrue(partly.output(), partly.output().contains("  broken: failed: " + reason));
            assertTrue(partly.output(), partly.output().contains("  local: stored"));
            assertTrue("the local agent still holds it", new ManagerView(context).holds(
                    new ManagerView(context).idOfBackupNamed(name)));

            KarafConsole.Result wholly = console.execute(KarafConsole.ADMIN, "backup:create --agent broken whole");
            assertNotNull("a backup no agent stored fails the command; it printed:\n" + wholly.output(),
                    wholly.failure());
            assertTrue(wholly.failure().getMessage(), wholly.failure().getMessage()
                    .matches("Backup \\S+ failed: no agent stored it; failed on broken\\."));
            assertTrue(wholly.output(), wholly.output().contains("  broken: failed: " + reason));

            KarafConsole.Result stored = console.execute(KarafConsole.ADMIN, "backup:create --agent local fine");
            assertNull("a backup every chosen agent stored succeeds; it printed:\n" + stored.output(),
                    stored.failure());
        }
    }
}
