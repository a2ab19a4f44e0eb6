package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration example of docs/s3-agent.md, as written there, makes valid settings: a reader who copies one
 * and changes only the values that are theirs gets an agent. (The Karaf example is also dropped into a real Karaf's
 * {@code etc} by karaf-tests' {@code S3AgentInKarafTest}.)
 */
class DocumentedConfigurationsTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "s3-agent.md");
    /** An example's heading, its file name in backquotes, then (after any text) its code block. */
    private static final Pattern EXAMPLE = Pattern.compile(
            "### Example: [^\\n]*\\n\\n`etc/(org\\.homeautomation\\.backup\\.agent\\.s3-([a-z0-9-]+)\\.cfg)`"
                    + "(?:(?!###).)*?```\\n(.*?)```",
            Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    void everyExampleIsAValidFactoryConfigurationFile() throws Exception {
        Map<String, Properties> examples = examples(Files.readString(DOCUMENT));
        assertEquals(List.of("org.homeautomation.backup.agent.s3-aws.cfg",
                "org.homeautomation.backup.agent.s3-nas-minio.cfg"), List.copyOf(examples.keySet()),
                "the examples and the file names Karaf's File Install makes factory configurations of");
        Path secretFile = Files.writeString(temp.resolve("secret"), "documented-secret\n");
        for (Map.Entry<String, Properties> example : examples.entrySet()) {
            Properties p = example.getValue();
            if (p.containsKey("secretKeyFile")) {
                // The documented path is the reader's; the file itself is the test's.
                p.setProperty("secretKeyFile", secretFile.toString());
            }
            S3AgentSettings settings = S3AgentSettings.from(example.getKey(), config(p),
                    name -> name.equals("MINIO_BACKUP_SECRET") ? "documented-secret" : null);
            assertEquals(p.getProperty("id"), settings.id(), example.getKey());
            assertEquals("documented-secret", settings.secretKey().reveal(), example.getKey());
        }
    }

    /** @return the examples by file name, their text parsed as Karaf's File Install reads a .cfg file */
    static Map<String, Properties> examples(String markdown) throws IOException {
        Map<String, Properties> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(markdown);
        while (m.find()) {
            Properties p = new Properties();
            p.load(new StringReader(m.group(3)));
            examples.put(m.group(1), p);
        }
        assertTrue(!examples.isEmpty(), "no example found in " + DOCUMENT.toAbsolutePath());
        return examples;
    }

    private static TestSettings config(Properties p) {
        TestSettings c = new TestSettings();
        c.id = p.getProperty("id", "");
        c.name = p.getProperty("name", "");
        c.bucket = p.getProperty("bucket", "");
        c.prefix = p.getProperty("prefix", "");
        c.region = p.getProperty("region", S3AgentSettings.DEFAULT_REGION);
        c.endpoint = p.getProperty("endpoint", "");
        c.pathStyle = Boolean.parseBoolean(p.getProperty("pathStyle", "false"));
        c.accessKey = p.getProperty("accessKey", "");
        c.secretKey = p.getProperty("secretKey", "");
        c.secretKeyEnv = p.getProperty("secretKeyEnv", "");
        c.secretKeyFile = p.getProperty("secretKeyFile", "");
        c.storageClass = p.getProperty("storageClass", "");
        c.partSizeMiB = Integer.parseInt(p.getProperty("partSizeMiB", "16"));
        c.concurrency = Integer.parseInt(p.getProperty("concurrency", "4"));
        c.timeoutSeconds = Integer.parseInt(p.getProperty("timeoutSeconds", "60"));
        c.stallTimeoutSeconds = Integer.parseInt(p.getProperty("stallTimeoutSeconds", "60"));
        c.listCacheSeconds = Integer.parseInt(p.getProperty("listCacheSeconds", "10"));
        return c;
    }
}
