package org.homeautomation.backup.karaf.itest.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.testsupport.Await;
import org.junit.Test;

/**
 * A Karaf upgraded from 1.0: its {@code etc} still holds the old default agent's configuration (here switching the
 * agent off and moving it), which 1.1 no longer reads, and an administrator's own copy of the default agent's file,
 * which the feature must not overwrite. The old one is reported in one WARN that says what to edit instead.
 */
public class DefaultAgentUpgradeTest {
    private static final String OLD_PID = "org.homeautomation.backup.agent.local.default";
    private static final String DEFAULT_FILE = "org.homeautomation.backup.agent.local-default.cfg";

    @Test
    public void theOldDefaultAgentFileIsReportedAndAnEditedDefaultFileIsKept() throws Exception {
        try (KarafProcess karaf = KarafProcess.copyOfDistribution("default-agent-upgrade")) {
            Files.writeString(karaf.etc().resolve(OLD_PID + ".cfg"),
                    "enabled = false\ndirectory = " + karaf.home().resolve("old") + "\n");
            Path moved = karaf.home().resolve("moved");
            String edited = "id = local\nname = Moved backups\ndirectory = " + moved + "\ncreateFolder = true\n";
            Files.writeString(karaf.etc().resolve(DEFAULT_FILE), edited);

            karaf.start();

            String agents = Await.value("agent local in its edited folder", () -> agents(karaf),
                    a -> a.lines().anyMatch(l -> l.startsWith("local ") && l.contains("Moved backups")));
            assertTrue(agents, Files.isDirectory(moved));
            assertEquals("the feature does not overwrite the administrator's file", edited,
                    Files.readString(karaf.etc().resolve(DEFAULT_FILE)));

            Path log = karaf.data().resolve("log/karaf.log");
            List<String> warnings = Await.value("the WARN about " + OLD_PID, () -> warnings(log),
                    w -> !w.isEmpty());
            assertEquals("one WARN: " + warnings, 1, warnings.size());
            String warning = warnings.get(0);
            // Its settings come last and may be cut off: Karaf's log keeps 500 characters of a message.
            for (String part : List.of("Configuration " + OLD_PID + " is no longer read",
                    "edit or delete " + DEFAULT_FILE, "then delete file:" + karaf.etc().resolve(OLD_PID + ".cfg"))) {
                assertTrue("'" + part + "' missing in: " + warning, warning.contains(part));
            }
        }
    }

    private static String agents(KarafProcess karaf) {
        try {
            return karaf.console("backup:agents");
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static List<String> warnings(Path log) {
        try {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.contains("WARN") && l.contains("Configuration " + OLD_PID)).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
