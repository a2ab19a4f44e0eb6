package org.homeautomation.backup.webconsole.itest;

import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.overrideJUnitBundles;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

/**
 * A stock Apache Karaf 4.4.10, started by Pax Exam as a server (no test runs inside it), with the backup features, the
 * webconsole feature and the Backups page installed at boot. Everything it installs comes from this build's
 * repository folder and its own system folder: it is given no remote Maven repository and an empty local one.
 */
final class KarafServer implements AutoCloseable {
    /** A Web Console user with the admin role; stock Karaf 4.4 ships with its karaf user commented out. */
    static final String ADMIN = "karaf";
    static final String ADMIN_PASSWORD = "karaf";
    /** A user without the admin role, whom the Web Console refuses. */
    static final String VIEWER = "viewer";
    static final String VIEWER_PASSWORD = "viewer";

    private final TestContainer container;
    private final int httpPort;
    private final Path unpackFolder;

    private KarafServer(TestContainer container, int httpPort, Path unpackFolder) {
        this.container = container;
        this.httpPort = httpPort;
        this.unpackFolder = unpackFolder;
    }

    /**
     * Unpacks and starts Karaf, and returns once Pax Exam reaches it; the boot features go on installing after that.
     *
     * @param factoryConfigurations file name in etc (such as {@code org.example-one.cfg}) to properties, for
     *        configurations that must be there from the start
     * @return the running server
     */
    static KarafServer start(Map<String, Map<String, String>> factoryConfigurations) throws IOException {
        String version = required("backup.version");
        Path unpack = Path.of(required("karaf.itest.unpack"));
        deleteTree(unpack);
        Path localRepository = Path.of(required("webconsole.itest.output"), "karaf-local-repository");
        deleteTree(localRepository);
        Files.createDirectories(localRepository);
        String repository = new File(required("karaf.itest.repository")).toURI().toString();
        int httpPort = freePort();

        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(required("karaf.itest.distribution")).toURI().toString())
                        .unpackDirectory(unpack.toFile())
                        .useDeployFolder(false),
                // Kept after the run, so that data/log/karaf.log can tell what went wrong.
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                // Pax Exam's own bundles, without JUnit: no test runs inside this Karaf.
                overrideJUnitBundles(),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                        repository + "@id=backup-build@snapshots,"
                                + "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepository.toString()),
                // Free ports, so that a Karaf running beside the tests (./run-karaf.sh) does not get in the way.
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                        Integer.toString(httpPort)),
                editConfigurationFilePut("etc/users.properties", ADMIN, ADMIN_PASSWORD + ",admin,manager,viewer"),
                editConfigurationFilePut("etc/users.properties", VIEWER, VIEWER_PASSWORD + ",viewer")));
        String backupFeatures = "mvn:org.homeautomation.backup/backup-features/" + version + "/xml/features";
        options.add(features(backupFeatures, "backup", "backup-webconsole"));
        factoryConfigurations.forEach((file, properties) -> properties.forEach(
                (key, value) -> options.add(editConfigurationFilePut("etc/" + file, key, value))));

        ExamSystem system = PaxExamRuntime.createServerSystem(options(options.toArray(Option[]::new)));
        TestContainer container = PaxExamRuntime.createContainer(system);
        container.start();
        return new KarafServer(container, httpPort, unpack);
    }

    /** @return the port of Karaf's HTTP service, where the Web Console is */
    int httpPort() {
        return httpPort;
    }

    /** @return whether Karaf's log says that its boot features could not be installed: waiting is then useless */
    boolean bootFailed() {
        return logTail().contains("Error installing boot features");
    }

    /** @return the whole of Karaf's log */
    String log() throws IOException {
        try (Stream<Path> logs = Files.find(unpackFolder, 5,
                (p, a) -> p.getFileName().toString().equals("karaf.log"))) {
            Path log = logs.findFirst().orElseThrow(() -> new IOException("no karaf.log under " + unpackFolder));
            return Files.readString(log);
        }
    }

    /** @return the end of Karaf's log, to explain a failure */
    String logTail() {
        try (Stream<Path> logs = Files.find(unpackFolder, 5,
                (p, a) -> p.getFileName().toString().equals("karaf.log"))) {
            Path log = logs.findFirst().orElse(null);
            if (log == null) {
                return "(no karaf.log under " + unpackFolder + ")";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read karaf.log: " + e + ")";
        }
    }

    @Override
    public void close() {
        container.stop();
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set; run the tests with Maven"
                    + " (mvn -f webconsole-tests/pom.xml verify), which sets it.");
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
