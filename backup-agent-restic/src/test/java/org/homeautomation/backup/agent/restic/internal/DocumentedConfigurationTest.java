package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration example of docs/restic-agent.md, as written there, makes valid settings: a reader who copies it
 * and changes only the values that are theirs gets an agent.
 */
class DocumentedConfigurationTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "restic-agent.md");
    /** The first code block of the section "Configuration". */
    private static final Pattern EXAMPLE = Pattern.compile("## Configuration\\n(?:(?!\\n## ).)*?```\\n(.*?)```",
            Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    void theExampleIsAValidFactoryConfiguration() throws Exception {
        Matcher m = EXAMPLE.matcher(Files.readString(DOCUMENT));
        assertTrue(m.find(), "no example in the Configuration section of " + DOCUMENT.toAbsolutePath());
        Properties p = new Properties();
        p.load(new StringReader(m.group(1)));
        // The documented password file is the reader's; the file itself is the test's.
        Path passwordFile = Files.writeString(temp.resolve("restic-password"), "documented password\n");

        ResticAgentSettings settings = ResticAgentSettings.of("org.homeautomation.backup.agent.restic~nas",
                p.getProperty("id"), p.getProperty("name"), p.getProperty("repository"), p.getProperty("password"),
                p.containsKey("passwordFile") ? passwordFile.toString() : null,
                Boolean.parseBoolean(p.getProperty("initialize", "false")));

        ResticBackupAgent agent = settings.newAgent();
        assertEquals(p.getProperty("id"), agent.id());
        assertEquals(p.getProperty("name"), agent.name());
        assertEquals(Path.of(p.getProperty("repository")), agent.repositoryFolder());
    }
}
