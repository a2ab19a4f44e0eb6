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
    /** The first code block of the section "A repository in S3". */
    private static final Pattern S3_EXAMPLE = Pattern.compile(
            "### A repository in S3\\n(?:(?!\\n##).)*?```\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    void theExampleIsAValidFactoryConfiguration() throws Exception {
        Properties p = example(EXAMPLE);
        // The documented password file is the reader's; the file itself is the test's.
        Path passwordFile = Files.writeString(temp.resolve("restic-password"), "documented password\n");

        ResticAgentSettings settings = ResticAgentSettings.of("org.homeautomation.backup.agent.restic~nas",
                p.getProperty("id"), p.getProperty("name"), p.getProperty("repository"), p.getProperty("password"),
                p.containsKey("passwordFile") ? passwordFile.toString() : null,
                Boolean.parseBoolean(p.getProperty("initialize", "false")));

        ResticBackupAgent agent = settings.newAgent();
        assertEquals(p.getProperty("id"), agent.id());
        assertEquals(p.getProperty("name"), agent.name());
        assertEquals(Path.of(p.getProperty("repository")).toString(), agent.storage().location());
    }

    @Test
    void theS3ExampleIsAValidFactoryConfiguration() throws Exception {
        Properties p = example(S3_EXAMPLE);
        // The documented files are the reader's; the files themselves are the test's.
        Path passwordFile = Files.writeString(temp.resolve("restic-password"), "documented password\n");
        Path secretFile = Files.writeString(temp.resolve("s3-secret"), "documented secret\n");
        assertTrue(p.containsKey("passwordFile") && p.containsKey("secretKeyFile"), p.toString());

        ResticAgentSettings settings = ResticAgentSettings.of("org.homeautomation.backup.agent.restic~s3",
                p.getProperty("id"), p.getProperty("name"), p.getProperty("repository"), p.getProperty("password"),
                passwordFile.toString(), Boolean.parseBoolean(p.getProperty("initialize", "false")),
                new S3Location.Keys(p.getProperty("accessKey"), p.getProperty("secretKey"),
                        p.getProperty("secretKeyEnv"), secretFile.toString(), p.getProperty("region"),
                        Boolean.parseBoolean(p.getProperty("pathStyle", "false"))),
                name -> null);

        ResticBackupAgent agent = settings.newAgent();
        assertEquals(p.getProperty("id"), agent.id());
        assertEquals(p.getProperty("name"), agent.name());
        assertEquals(p.getProperty("repository"), agent.storage().location());
        agent.close();
    }

    private static Properties example(Pattern section) throws Exception {
        Matcher m = section.matcher(Files.readString(DOCUMENT));
        assertTrue(m.find(), "no example " + section + " in " + DOCUMENT.toAbsolutePath());
        Properties p = new Properties();
        p.load(new StringReader(m.group(1)));
        return p;
    }
}
