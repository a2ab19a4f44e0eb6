package org.homeautomation.backup.karaf.itest;

import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.homeautomation.backup.testsupport.Await;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The stock Karaf 4.4.10 the tests run, reading this build's bundles and features first, and the backup feature
 * installed from its console: the set-up every Pax Exam test class here shares.
 */
final class StockKaraf {
    /** A row of backup:agents whose id is {@code local}. */
    private static final Pattern DEFAULT_AGENT_ROW = Pattern.compile("(?m)^local\\s");
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(60);

    private StockKaraf() {
    }

    /** @return the Pax Exam options of a Karaf that reads this build's repository first, on free ports */
    static Option[] withThisBuild() throws IOException {
        String repository = new File(required("karaf.itest.repository")).toURI().toString();
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(required("karaf.itest.distribution")).toURI().toString())
                        .unpackDirectory(new File(required("karaf.itest.unpack")))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                        repository + "@id=backup-build@snapshots,"
                                + "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
                editConfigurationFilePut("etc/system.properties", "backup.version", required("backup.version")));
    }

    /** Installs the backup feature from the console, as a person would, unless it is installed. */
    static void installBackupFeature(KarafConsole console, FeaturesService features) {
        try {
            if (Arrays.stream(features.listInstalledFeatures()).map(Feature::getName).anyMatch("backup"::equals)) {
                return;
            }
        } catch (Exception e) {
            throw new AssertionError("cannot list the installed features", e);
        }
        console.run("feature:repo-add mvn:org.homeautomation.backup/backup-features/"
                + System.getProperty("backup.version") + "/xml/features");
        console.run("feature:install backup");
        awaitDefaultAgent(console);
    }

    /**
     * Waits until {@code backup:agents} lists the default agent. It comes a moment after the feature: File Install
     * polls etc, finds the feature's org.homeautomation.backup.agent.local-default.cfg and configures it.
     */
    static void awaitDefaultAgent(KarafConsole console) {
        Await.until("the default agent 'local' in backup:agents after feature:install backup",
                () -> DEFAULT_AGENT_ROW.matcher(console.run("backup:agents")).find(), AGENT_TIMEOUT);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set; run the tests with Maven"
                    + " (mvn -f karaf-tests/pom.xml verify), which sets it.");
        }
        return value;
    }

    private static String freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        }
    }
}
