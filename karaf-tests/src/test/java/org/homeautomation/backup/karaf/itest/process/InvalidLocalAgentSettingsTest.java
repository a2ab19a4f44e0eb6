package org.homeautomation.backup.karaf.itest.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/**
 * Bug 13, local agent: a factory configuration with an invalid id or folder shows in {@code backup:agents} as an
 * unavailable agent whose reason names the configuration's pid, the key, the value and what is allowed; the log has
 * the same in one ERROR line without a stack trace.
 */
public class InvalidLocalAgentSettingsTest {
    private static final String FACTORY_PID = "org.homeautomation.backup.agent.local";
    private static final String ID_RULE = "allowed: 1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting with a"
            + " letter or digit";
    private static final String DIRECTORY_RULE = "allowed: the absolute path of the folder for backups";

    @Test
    public void eachInvalidConfigurationIsListedAsUnavailableWithWhatToFix() throws Exception {
        try (KarafProcess karaf = KarafProcess.copyOfDistribution("invalid-local-agent")) {
            String folder = karaf.home().resolve("usb").toString();
            Map<String, String> configurations = Map.of(
                    "spaced", "id = my agent\ndirectory = " + folder + "\n",
                    "slashed", "id = a/b\ndirectory = " + folder + "\n",
                    "relative", "id = rel\ndirectory = relative/path\n",
                    "nofolder", "id = nofolder\n");
            for (Map.Entry<String, String> configuration : configurations.entrySet()) {
                Files.writeString(karaf.etc().resolve(FACTORY_PID + "-" + configuration.getKey() + ".cfg"),
                        configuration.getValue());
            }

            karaf.start();
            String agents = karaf.console("backup:agents");

            assertUnavailable(agents, "local-spaced", pid("spaced") + ": 'id' = \"my agent\" is not allowed; "
                    + ID_RULE, "listed as 'local-spaced'");
            assertUnavailable(agents, "local-slashed", pid("slashed") + ": 'id' = \"a/b\" is not allowed; " + ID_RULE,
                    "listed as 'local-slashed'");
            assertUnavailable(agents, "rel", pid("relative") + ": 'directory' = \"relative/path\" is a relative path; "
                    + DIRECTORY_RULE, "listed as 'rel'");
            assertUnavailable(agents, "nofolder", pid("nofolder") + ": 'directory' is missing; " + DIRECTORY_RULE,
                    "listed as 'nofolder'");

            List<String> log = Files.readAllLines(karaf.data().resolve("log/karaf.log"));
            for (String name : configurations.keySet()) {
                List<Integer> errors = new ArrayList<>();
                for (int i = 0; i < log.size(); i++) {
                    if (log.get(i).contains("ERROR") && log.get(i).contains(pid(name) + ":")) {
                        errors.add(i);
                    }
                }
                assertEquals("one ERROR line for " + pid(name) + " in\n" + String.join("\n", log), 1, errors.size());
                int next = errors.get(0) + 1;
                assertTrue("no stack trace after " + log.get(errors.get(0)),
                        next >= log.size() || !log.get(next).startsWith("\t") && !log.get(next).startsWith("java."));
            }
        }
    }

    private static String pid(String name) {
        return "Configuration " + FACTORY_PID + "~" + name;
    }

    private static void assertUnavailable(String agents, String id, String... reasonParts) {
        String line = agents.lines().filter(l -> l.startsWith("Agent " + id + " is not available: ")).findFirst()
                .orElseThrow(() -> new AssertionError("agent " + id + " not listed as unavailable in\n" + agents));
        for (String part : reasonParts) {
            assertTrue("'" + part + "' missing in: " + line, line.contains(part));
        }
        assertTrue(agents, agents.lines().anyMatch(l -> l.startsWith(id + " ") && l.strip().endsWith("| no")));
    }
}
