package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

/**
 * The restic agent bundle inside the framework: a factory configuration brings an agent up on a new repository, the
 * second of two backups with a small change between stores only a fraction anew, and a backup is restored from it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResticAgentTest {
    private static final String FACTORY_PID = "org.homeautomation.backup.agent.restic";
    private static final String PASSWORD = "felix restic password";
    private static final int LARGE_FILE_BYTES = 16 * 1024 * 1024;

    @Rule
    public final Osgi osgi = new Osgi(ResticAgentTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(ResticAgentTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(ResticAgentTest.class);
    }

    @Before
    public void needsTarAndZstd() {
        SystemTools.requireTarAndZstd();
    }

    @Test
    public void theSecondBackupIsIncrementalAndABackupIsRestoredFromIt() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        Path media = folder.newFolder("media").toPath();
        byte[] large = new byte[LARGE_FILE_BYTES];
        new Random(7).nextBytes(large);
        Files.write(media.resolve("recording.bin"), large);
        backups.configureManager(Map.of("sources", new String[] { "home=" + home, "media=" + media }));
        Path repository = folder.getRoot().toPath().resolve("restic-repo");
        osgi.addFactoryConfiguration(FACTORY_PID, Map.of("id", "restic", "name", "restic repository",
                "repository", repository.toString(), "password", PASSWORD, "initialize", true));
        Await.value("the restic agent", backups::agentIds, ids -> ids.contains("restic"));
        AgentInfo agent = backups.manager().agents().stream().filter(a -> a.id().equals("restic")).findFirst()
                .orElseThrow();
        assertEquals(BundleSet.RESTIC_AGENT_BSN, agent.bundleSymbolicName());
        for (ServiceReference<?> reference : osgi.context().getAllServiceReferences(
                org.homeautomation.backup.api.BackupAgent.class.getName(), null)) {
            for (String key : reference.getPropertyKeys()) {
                assertFalse("the password must not be a service property: " + key,
                        PASSWORD.equals(String.valueOf(reference.getProperty(key))));
            }
        }

        ResticScenario.secondBackupIsIncrementalAndRestores(backups, "restic", home, LARGE_FILE_BYTES,
                () -> packBytes(repository));
    }

    private static long packBytes(Path repository) throws IOException {
        try (Stream<Path> files = Files.walk(repository.resolve("data"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
