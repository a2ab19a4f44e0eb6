package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.testsupport.Await;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The restic agent bundle inside the framework on an {@code s3:} repository in a real S3 server (S3Proxy in a process
 * of its own, see {@link S3ProxyProcess}): the bundle's embedded SDK works there, a factory configuration with the S3
 * agent's keys brings the agent up on a new repository in an existing bucket, the second of two backups stores a
 * fraction anew, and a backup is restored from it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResticS3AgentTest {
    private static final String FACTORY_PID = "org.homeautomation.backup.agent.restic";
    private static final String ENDPOINT_PROPERTY = "itest.restic.s3.endpoint";
    private static final String STORE_PROPERTY = "itest.restic.s3.store";
    private static final String BUCKET = "restic-bucket";
    private static final String PASSWORD = "felix restic s3 password";
    private static final int LARGE_FILE_BYTES = 12 * 1024 * 1024;

    @Rule
    public final Osgi osgi = new Osgi(ResticS3AgentTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(ResticS3AgentTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() throws IOException {
        S3ProxyProcess s3 = S3ProxyProcess.forTestClass(ResticS3AgentTest.class, List.of(BUCKET));
        // The framework runs in this JVM, so the test inside it reads these as system properties.
        return OptionUtils.combine(BundleSet.configuration(ResticS3AgentTest.class),
                systemProperty(ENDPOINT_PROPERTY).value(s3.endpoint().toString()),
                systemProperty(STORE_PROPERTY).value(s3.store().toString()));
    }

    @AfterClass
    public static void stopServer() {
        S3ProxyProcess.stopForTestClass(ResticS3AgentTest.class);
    }

    @Before
    public void needsTarAndZstd() {
        SystemTools.requireTarAndZstd();
    }

    @Test
    public void theSecondBackupIntoS3IsIncrementalAndABackupIsRestoredFromIt() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        Path media = folder.newFolder("media").toPath();
        byte[] large = new byte[LARGE_FILE_BYTES];
        new Random(8).nextBytes(large);
        Files.write(media.resolve("recording.bin"), large);
        backups.configureManager(Map.of("sources", new String[] { "home=" + home, "media=" + media }));
        osgi.addFactoryConfiguration(FACTORY_PID, Map.of("id", "restic-s3", "name", "restic in S3",
                "repository", "s3:" + System.getProperty(ENDPOINT_PROPERTY) + "/" + BUCKET + "/home/restic",
                "password", PASSWORD, "initialize", true, "pathStyle", true,
                "accessKey", S3ProxyProcess.ACCESS_KEY, "secretKey", S3ProxyProcess.SECRET_KEY));
        Await.value("the restic agent", backups::agentIds, ids -> ids.contains("restic-s3"));
        AgentInfo agent = backups.manager().agents().stream().filter(a -> a.id().equals("restic-s3")).findFirst()
                .orElseThrow();
        assertEquals(BundleSet.RESTIC_AGENT_BSN, agent.bundleSymbolicName());
        Path bucket = Path.of(System.getProperty(STORE_PROPERTY)).resolve(BUCKET);

        ResticScenario.secondBackupIsIncrementalAndRestores(backups, "restic-s3", home, LARGE_FILE_BYTES,
                () -> storedBytes(bucket));
    }

    /** What the bucket holds: S3Proxy keeps each object as a file of the bucket's folder. */
    private static long storedBytes(Path bucket) throws IOException {
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
