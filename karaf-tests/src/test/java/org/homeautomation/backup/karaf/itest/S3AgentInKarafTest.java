package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.AfterClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The AWS example of docs/s3-agent.md, dropped into Karaf's {@code etc} as written there, makes a working S3 agent in
 * Karaf 4.4.10: File Install turns {@code org.homeautomation.backup.agent.s3-aws.cfg} into a factory configuration.
 * Only what must point at the test's store is changed: an endpoint and path-style access are added (S3Proxy on
 * loopback), and the secret key file is one the test writes; the access key is the documented one, which the server
 * accepts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class S3AgentInKarafTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path DOCUMENT = Path.of("..", "docs", "s3-agent.md");
    private static final String CFG = "org.homeautomation.backup.agent.s3-aws.cfg";
    private static final String SECRET = "karaf-itest-secret-" + UUID.randomUUID();

    /** Set on the driver side only; see integration-tests' S3AgentTest for why. */
    private static S3ForKaraf server;

    @Inject
    private BootFinished bootFinished;
    @Inject
    private BundleContext context;
    @Inject
    private SessionFactory sessionFactory;

    @Configuration
    public Option[] config() throws Exception {
        String example = documentedExample(Files.readString(DOCUMENT), CFG);
        String accessKey = value(example, "accessKey");
        Path work = Files.createDirectories(Path.of("target", "s3-in-karaf").toAbsolutePath());
        synchronized (S3AgentInKarafTest.class) {
            if (server == null) {
                server = S3ForKaraf.start(work, accessKey, SECRET, value(example, "bucket"));
            }
        }
        Path secretFile = Files.writeString(work.resolve("aws-backup-secret"), SECRET + "\n");
        String cfg = example.replace("secretKeyFile = " + value(example, "secretKeyFile"),
                "secretKeyFile = " + secretFile) + "endpoint = " + server.endpoint() + "\npathStyle = true\n";
        Path cfgFile = Files.writeString(work.resolve(CFG), cfg);
        return OptionUtils.combine(StockKaraf.withThisBuild(),
                editConfigurationFilePut("etc/system.properties", "itest.s3.cfg", cfgFile.toString()),
                editConfigurationFilePut("etc/system.properties", "itest.s3.store", server.store().toString()));
    }

    @AfterClass
    public static void stopServer() {
        synchronized (S3AgentInKarafTest.class) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    @Test
    public void theDocumentedAwsExampleMakesAnAgentThatStoresABackup() throws Exception {
        try (KarafConsole console = new KarafConsole(sessionFactory)) {
            console.run("feature:repo-add mvn:org.homeautomation.backup/backup-features/"
                    + System.getProperty("backup.version") + "/xml/features");
            console.run("feature:install backup backup-agent-s3");
            Path cfg = Path.of(System.getProperty("karaf.etc"), CFG);
            Files.copy(Path.of(System.getProperty("itest.s3.cfg")), cfg);
            try {
                new ManagerView(context).awaitAgent("aws", true);
                String agents = console.run("backup:agents");
                assertTrue(agents, agents.contains("aws") && agents.contains("org.homeautomation.backup.agent.s3"));

                String name = "s3-" + UUID.randomUUID().toString().substring(0, 8);
                String created = console.run("backup:create --agent aws " + name);
                String id = new ManagerView(context).idOfBackupNamed(name);
                assertTrue(created, created.contains(id));
                Path bucket = Path.of(System.getProperty("itest.s3.store"), "my-home-backups", "openhab");
                assertTrue("the archive is in the bucket under the documented prefix",
                        Files.isRegularFile(bucket.resolve(id + ".tar")));
                assertTrue("the metadata object is beside it", Files.isRegularFile(bucket.resolve(id + ".json")));
                String list = console.run("backup:list");
                assertTrue(list, list.contains(id) && list.contains("aws"));
            } finally {
                Files.deleteIfExists(cfg);
            }
        }
    }

    /** @return the text of the code block that follows the file name in the document */
    static String documentedExample(String markdown, String fileName) {
        Matcher m = Pattern.compile("`etc/" + Pattern.quote(fileName) + "`(?:(?!###).)*?```\\n(.*?)```",
                Pattern.DOTALL).matcher(markdown);
        if (!m.find()) {
            throw new AssertionError(DOCUMENT + " has no example of etc/" + fileName);
        }
        return m.group(1);
    }

    /** @return the value of a key of a .cfg text, such as the documented example */
    static String value(String cfg, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + " = (.*)$").matcher(cfg);
        if (!m.find()) {
            throw new AssertionError("the documented example has no " + key + ":\n" + cfg);
        }
        return m.group(1).trim();
    }
}
