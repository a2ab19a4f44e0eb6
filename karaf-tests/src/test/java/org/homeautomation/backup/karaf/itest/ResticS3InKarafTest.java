package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homeautomation.backup.testsupport.Await;
import org.junit.AfterClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The restic agent on an {@code s3:} repository in a stock Karaf, set up from the example of docs/restic-agent.md as a
 * person would: the feature from the console, the {@code .cfg} file in {@code etc}, against a real S3 server (S3Proxy,
 * started beside Karaf). The agent creates the repository under the prefix, a second backup is stored incrementally,
 * {@code backup:verify} reads a copy back from the bucket, and neither the secret key nor the password is printed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResticS3InKarafTest extends KarafWithBackupFeature {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path DOCUMENT = Path.of("..", "docs", "restic-agent.md");
    private static final String CFG = "org.homeautomation.backup.agent.restic-s3.cfg";
    private static final String SECRET = "karaf-restic-s3-secret-" + UUID.randomUUID();
    private static final String PASSWORD = "karaf-restic-s3-password-" + UUID.randomUUID();
    private static final Pattern S3_LOCATION = Pattern.compile("s3:https?://[^/]+/([^/]+)/(.+)");
    private static final int LARGE_FILE_BYTES = 8 * 1024 * 1024;

    /** Set on the driver side only: S3Proxy runs beside Karaf, not in it. */
    private static S3ForKaraf server;

    /** The Karaf of {@link KarafWithBackupFeature}, told where the configuration file and the bucket's files are. */
    @Override
    @Configuration
    public Option[] config() throws Exception {
        String example = s3Example(Files.readString(DOCUMENT));
        Matcher location = S3_LOCATION.matcher(S3AgentInKarafTest.value(example, "repository"));
        assertTrue("the documented repository is an s3: location: " + example, location.matches());
        String bucket = location.group(1);
        // A folder of its own each run: a repository left by an earlier run has another password.
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "restic-s3-in-karaf-");
        synchronized (ResticS3InKarafTest.class) {
            if (server == null) {
                server = S3ForKaraf.start(work, S3AgentInKarafTest.value(example, "accessKey"), SECRET, bucket);
            }
        }
        Path secretFile = Files.writeString(work.resolve("s3-secret"), SECRET + "\n");
        Path passwordFile = Files.writeString(work.resolve("restic-password"), PASSWORD + "\n");
        String repository = "s3:" + server.endpoint() + "/" + bucket + "/" + location.group(2);
        String cfg = example.replace(S3AgentInKarafTest.value(example, "repository"), repository)
                .replace(S3AgentInKarafTest.value(example, "secretKeyFile"), secretFile.toString())
                .replace(S3AgentInKarafTest.value(example, "passwordFile"), passwordFile.toString())
                + "initialize = true\n";
        Path cfgFile = Files.writeString(work.resolve(CFG), cfg);
        return OptionUtils.combine(super.config(),
                editConfigurationFilePut("etc/system.properties", "itest.restic.s3.cfg", cfgFile.toString()),
                editConfigurationFilePut("etc/system.properties", "itest.restic.s3.objects",
                        server.store().resolve(bucket).resolve(location.group(2)).toString()));
    }

    @AfterClass
    public static void stopServer() {
        synchronized (ResticS3InKarafTest.class) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    @Test
    public void theDocumentedS3ExampleStoresIncrementallyAndItsCopyIsVerifiedFromTheBucket() throws Exception {
        StringBuilder printed = new StringBuilder();
        printed.append(console.run("feature:install backup-agent-restic"));
        String agentId = S3AgentInKarafTest.value(Files.readString(Path.of(System.getProperty(
                "itest.restic.s3.cfg"))), "id");
        Path cfg = Path.of(System.getProperty("karaf.etc"), CFG);
        Files.copy(Path.of(System.getProperty("itest.restic.s3.cfg")), cfg);
        Path large = Path.of(System.getProperty("karaf.etc"), "restic-s3-large.bin");
        try {
            Pattern available = Pattern.compile("(?m)^" + Pattern.quote(agentId) + "\\s.*\\syes\\s*$");
            Await.until("agent " + agentId + " available in backup:agents", TIMEOUT,
                    () -> available.matcher(console.run("backup:agents")).find(), () -> console.run("backup:agents"));
            byte[] random = new byte[LARGE_FILE_BYTES];
            new java.util.Random(7).nextBytes(random);
            Files.write(large, random);

            ManagerView manager = new ManagerView(context);
            String first = create(manager, agentId, "s3-first-" + UUID.randomUUID().toString().substring(0, 8),
                    printed);
            Path objects = Path.of(System.getProperty("itest.restic.s3.objects"));
            assertTrue("the agent created the repository under the documented prefix: " + objects,
                    Files.isRegularFile(objects.resolve("config")));
            long afterFirst = ResticRepositoryFolder.packBytes(objects);
            assertTrue("the first backup stores the random file: " + afterFirst, afterFirst > LARGE_FILE_BYTES);

            Files.writeString(Path.of(System.getProperty("karaf.etc"), "restic-s3-note.txt"), "a small change\n");
            String second = create(manager, agentId, "s3-second-" + UUID.randomUUID().toString().substring(0, 8),
                    printed);
            long added = ResticRepositoryFolder.packBytes(objects) - afterFirst;
            assertTrue("the second backup adds much less than its archive: " + added + " bytes for an archive of "
                    + manager.sizeOf(second), added < manager.sizeOf(second) / 2);

            KarafConsole.Result verified = console.execute(KarafConsole.ADMIN, "backup:verify --agent " + agentId
                    + " " + first);
            printed.append(verified.output());
            assertNull("the first copy, read back from the bucket, is whole: " + verified.output(),
                    verified.failure());
            assertTrue(verified.output(), verified.output().contains("  " + agentId + ": ok: size, SHA-256 digest"));

            assertFalse("the secret key must not reach the console:\n" + printed, printed.toString().contains(
                    SECRET));
            assertFalse("the password must not reach the console:\n" + printed, printed.toString().contains(
                    PASSWORD));
            Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
            String logged = Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            assertFalse("the secret key must not reach " + log, logged.contains(SECRET));
            assertFalse("the password must not reach " + log, logged.contains(PASSWORD));
        } finally {
            Files.deleteIfExists(cfg);
            Files.deleteIfExists(large);
        }
    }

    private String create(ManagerView manager, String agentId, String name, StringBuilder printed) {
        String created = console.run("backup:create --agent " + agentId + " " + name);
        printed.append(created);
        String id = manager.idOfBackupNamed(name);
        assertTrue(created, created.contains(id));
        return id;
    }

    /** @return the document's configuration example whose repository is an s3: location */
    private static String s3Example(String markdown) {
        Matcher block = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (block.find()) {
            if (block.group(1).contains("repository = s3:")) {
                return block.group(1);
            }
        }
        throw new AssertionError(DOCUMENT + " has no configuration example with an s3: repository");
    }
}
