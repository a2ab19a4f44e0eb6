package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.options.DefaultCompositeOption;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Local agent configurations dropped as files into a folder that Felix File Install watches, as the README tells for
 * the plain Felix runtime ({@code backup-runtime-felix}, its {@code load/} folder, with the same File Install
 * settings): the README's example file word for word, and invalid ones, which show as unavailable agents saying what
 * to fix.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FileInstallConfigurationTest {
    private static final Path LOAD = BundleSet.workDirectory(FileInstallConfigurationTest.class).resolve("load");

    @Rule
    public final Osgi osgi = new Osgi(FileInstallConfigurationTest.class);

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() throws Exception {
        Files.createDirectories(LOAD);
        return new Option[] { new DefaultCompositeOption(BundleSet.configuration(FileInstallConfigurationTest.class)),
                // As backup-runtime-felix/src/runtime/conf/config.properties sets it.
                frameworkProperty("felix.fileinstall.dir").value(LOAD.toString()),
                frameworkProperty("felix.fileinstall.poll").value("1000"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false"),
                bundle(BundleSet.url("org.apache.felix.fileinstall")) };
    }

    @Test
    public void theReadmesUsbDriveExampleAddsASecondAgent() throws Exception {
        // README.md, "Or a plain Apache Felix": the file name and its three values, exactly.
        Path file = LOAD.resolve("org.homeautomation.backup.agent.local-usb.config");
        Files.writeString(file, "id=\"usb\"\nname=\"USB drive\"\ndirectory=\"/media/usb/backups\"\n");
        try {
            Await.value("agent usb from " + file, backups::agentIds, ids -> ids.contains("usb"),
                    Duration.ofSeconds(10));
            assertEquals("USB drive", agent("usb").name());
            assertTrue(backups.agentIds().contains(Backups.LOCAL));
            if (!Files.isDirectory(Path.of("/media/usb/backups"))) {
                String reason = backups.manager().list().agentErrors().get("usb");
                assertTrue(reason, reason.contains("folder /media/usb/backups does not exist")
                        && reason.contains("is the drive mounted?"));
            }
        } finally {
            Files.delete(file);
        }
        Await.value("agent usb to leave with its file", backups::agentIds, ids -> !ids.contains("usb"));
    }

    @Test
    public void anInvalidFileShowsAsAnUnavailableAgentSayingWhatToFix() throws Exception {
        Path file = LOAD.resolve("org.homeautomation.backup.agent.local-bad.config");
        Files.writeString(file, "id=\"my agent\"\nname=\"Bad\"\ndirectory=\"relative/path\"\n");
        try {
            Await.value("agent local-bad from " + file, backups::agentIds, ids -> ids.contains("local-bad"));
            assertEquals("Bad", agent("local-bad").name());
            Map<String, String> errors = backups.manager().list().agentErrors();
            assertEquals("Configuration org.homeautomation.backup.agent.local~bad: 'id' = \"my agent\" is not"
                    + " allowed; allowed: 1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting with a letter or"
                    + " digit, unique in this runtime, such as \"usb\"; 'directory' = \"relative/path\" is a relative"
                    + " path; allowed: the absolute path of the folder for backups, such as \"/media/usb/backups\"."
                    + " The agent is listed as 'local-bad' and unavailable until the configuration is fixed.",
                    errors.get("local-bad"));
        } finally {
            Files.delete(file);
        }
        Await.value("agent local-bad to leave with its file", backups::agentIds, ids -> !ids.contains("local-bad"));
    }

    private AgentInfo agent(String id) {
        return backups.manager().agents().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no agent " + id));
    }
}
