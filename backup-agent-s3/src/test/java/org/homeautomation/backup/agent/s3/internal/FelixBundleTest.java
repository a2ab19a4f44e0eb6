package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.apache.felix.framework.FrameworkFactory;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.agent.testkit.ArchiveSource;
import org.homeautomation.backup.agent.testkit.ProgressRecorder;
import org.homeautomation.backup.agent.testkit.StreamSummary;
import org.homeautomation.backup.agent.testkit.TestArchive;
import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * The bundle in a plain Apache Felix with only Declarative Services, Config Admin and the packages it imports: it
 * resolves, each factory configuration made through Config Admin becomes one agent service, and an agent works from
 * inside the framework (the SDK it embeds loads and talks to a real S3 server). The API and SLF4J come from the class
 * path through the system bundle, so that the test can call the agent services directly.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FelixBundleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> RUNTIME = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin");

    @TempDir
    Path temp;

    private S3ProxyServer server;
    private Framework framework;

    @BeforeEach
    void start() throws Exception {
        server = S3ProxyServer.start(Files.createDirectories(temp.resolve("store")));
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, temp.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The test talks to the agents through the API types of its own class path, so the framework shares them.
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.homeautomation.backup.api;version=\""
                + apiPackageVersion() + "\",org.slf4j;version=\"1.7.36\",org.slf4j.event;version=\"1.7.36\"");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(WAIT.toMillis());
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoConfigurationsBecomeTwoWorkingAgents() throws Exception {
        BundleContext context = framework.getBundleContext();
        Map<String, URL> jars = bundleJarsOnClassPath();
        for (String name : RUNTIME) {
            URL jar = jars.get(name);
            assertNotNull(jar, "bundle " + name + " is not on the test class path");
            context.installBundle(jar.toString()).start();
        }
        // The bundle as bnd made it: target/classes holds its manifest, classes and the unpacked SDK.
        Path classes = Path.of(S3BackupAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Bundle bundle = context.installBundle("reference:" + classes.toUri());
        bundle.start();
        assertEquals(Bundle.ACTIVE, bundle.getState(), "the S3 agent bundle did not start");

        for (String bucket : List.of("first", "second")) {
            try (S3Clients.Pair admin = S3Clients.create(TestSettings.forServer(server.endpoint(), bucket)
                    .settings().connection())) {
                admin.s3().createBucket(b -> b.bucket(bucket));
            }
        }
        ConfigurationHandle first = createFactoryConfiguration(context, properties("first"));
        createFactoryConfiguration(context, properties("second"));

        Map<String, BackupAgent> agents = awaitAgents(context, Set.of("s3-first", "s3-second"));
        BackupAgent agent = agents.get("s3-first");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // As on a framework thread: nothing of the SDK on the context class loader.
        Thread.currentThread().setContextClassLoader(null);
        try {
            TestArchive archive = TestArchive.of(7 * 1024 * 1024 + 5, 42);
            BackupMetadata metadata = archive.metadata("in-felix").build();
            agent.upload(ArchiveSource.of(archive), metadata, new ProgressRecorder());
            assertEquals(List.of(metadata), agent.list());
            assertEquals(metadata, agent.get("in-felix"));
            try (InputStream in = agent.download("in-felix")) {
                assertEquals(archive.sha256(), StreamSummary.of(in).sha256());
            }
            assertEquals(List.of(), agents.get("s3-second").list(), "the second agent has a bucket of its own");
            agent.delete("in-felix");
            assertThrows(BackupNotFoundException.class, () -> agent.get("in-felix"));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }

        first.delete();
        awaitAgents(context, Set.of("s3-second"));
    }

    private Dictionary<String, Object> properties(String bucket) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("id", "s3-" + bucket);
        p.put("name", "Bucket " + bucket);
        p.put("bucket", bucket);
        p.put("endpoint", server.endpoint().toString());
        p.put("pathStyle", Boolean.TRUE);
        p.put("accessKey", S3ProxyServer.ACCESS_KEY);
        p.put("secretKey", S3ProxyServer.SECRET_KEY);
        p.put("partSizeMiB", 5);
        p.put("concurrency", 2);
        return p;
    }

    private static ConfigurationHandle createFactoryConfiguration(BundleContext context,
            Dictionary<String, Object> properties) throws Exception {
        // All references: the system bundle does not wire to Config Admin's package, so the filtered lookup hides it.
        ServiceReference<?>[] refs = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
        assertNotNull(refs, "Config Admin is not running");
        ServiceReference<?> ref = refs[0];
        // Config Admin's types live in its bundle, not on the test's class path: call it through its own interface.
        Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = context.getService(ref);
        Method create = adminType.getMethod("createFactoryConfiguration", String.class, String.class);
        Object configuration = create.invoke(admin, S3AgentComponent.PID, "?");
        Class<?> configurationType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, properties);
        return new ConfigurationHandle(configurationType, configuration);
    }

    /** A configuration, deletable without Config Admin's types on the class path. */
    private static final class ConfigurationHandle {
        private final Class<?> type;
        private final Object configuration;

        ConfigurationHandle(Class<?> type, Object configuration) {
            this.type = type;
            this.configuration = configuration;
        }

        void delete() throws Exception {
            type.getMethod("delete").invoke(configuration);
        }
    }

    private static Map<String, BackupAgent> awaitAgents(BundleContext context, Set<String> ids) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, BackupAgent> agents = Map.of();
        while (System.nanoTime() < deadline) {
            Collection<ServiceReference<BackupAgent>> refs = context.getServiceReferences(BackupAgent.class, null);
            // A service being unregistered right now yields null.
            agents = refs.stream().map(context::getService).filter(Objects::nonNull)
                    .collect(Collectors.toMap(BackupAgent::id, a -> a, (a, b) -> a));
            if (agents.keySet().equals(ids)) {
                return agents;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("Expected agents " + ids + " within " + WAIT + ", have " + agents.keySet());
    }

    /** The version at which the backup-api bundle on the class path exports its package, as bnd wrote it. */
    private static String apiPackageVersion() throws Exception {
        Enumeration<URL> manifests = FelixBundleTest.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (InputStream in = manifests.nextElement().openStream()) {
                java.util.jar.Attributes main = new Manifest(in).getMainAttributes();
                String bsn = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
                String exports = main.getValue(Constants.EXPORT_PACKAGE);
                if (bsn != null && bsn.startsWith("org.homeautomation.backup.api") && exports != null) {
                    java.util.regex.Matcher m = java.util.regex.Pattern
                            .compile("org\\.homeautomation\\.backup\\.api;version=\"([^\"]+)\"").matcher(exports);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
        }
        throw new AssertionError("the backup-api bundle's manifest is not on the test class path");
    }

    /** Bundle symbolic name to jar, for every bundle jar on the test class path. */
    private static Map<String, URL> bundleJarsOnClassPath() throws Exception {
        Map<String, URL> jars = new HashMap<>();
        Enumeration<URL> manifests = FelixBundleTest.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            String bsn;
            try (InputStream in = url.openStream()) {
                bsn = new Manifest(in).getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            }
            String external = url.toExternalForm();
            if (bsn != null && external.startsWith("jar:file:")) {
                String name = bsn.split(";")[0].trim();
                jars.putIfAbsent(name, new URL(external.substring(4, external.indexOf("!/"))));
            }
        }
        assertTrue(jars.size() > RUNTIME.size(), "no bundles found on the class path: " + jars);
        return jars;
    }
}
