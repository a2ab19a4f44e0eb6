package org.homeautomation.backup.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.keepCaches;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Constants;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;

/**
 * The one list of bundles every integration test runs in, and the Pax Exam configuration around it.
 *
 * <p>Each bundle is a jar that this module's build copied into {@code target/bundles} (see the
 * maven-dependency-plugin execution in the pom, which must name the same artifacts) and is installed from there by a
 * {@code file:} URL, so a test run never asks a Maven repository for anything.
 */
public final class BundleSet {
    /** Symbolic name of the backup API bundle. */
    public static final String API_BSN = "org.homeautomation.backup.api";
    /** Symbolic name of the backup core bundle. */
    public static final String CORE_BSN = "org.homeautomation.backup.core";
    /** Symbolic name of the local agent bundle. */
    public static final String LOCAL_AGENT_BSN = "org.homeautomation.backup.agent.local";
    /** Symbolic name of the S3 agent bundle. */
    public static final String S3_AGENT_BSN = "org.homeautomation.backup.agent.s3";
    /** Symbolic name of the restic agent bundle. */
    public static final String RESTIC_AGENT_BSN = "org.homeautomation.backup.agent.restic";

    /**
     * What Pax Exam needs inside the framework to run a probe: what its "test" system would link to from a Maven
     * repository, plus slf4j which its bundles log to. Started before anything else.
     */
    private static final List<String> TEST_SUPPORT = List.of(
            "slf4j-api",
            // In 1.7 the binding is a bundle of its own (not a fragment) that exports org.slf4j.impl to the API.
            "slf4j-simple",
            "ops4j-base",
            "pax-swissbox-core",
            "pax-swissbox-extender",
            "pax-swissbox-framework",
            "pax-swissbox-lifecycle",
            "pax-swissbox-tracker",
            "jakarta.inject-api",
            "pax-exam",
            "pax-exam-inject",
            "pax-exam-extender-service",
            "org.apache.servicemix.bundles.hamcrest",
            "org.apache.servicemix.bundles.junit",
            "pax-exam-invoker-junit");

    /** The runtime our bundles expect: Declarative Services, Config Admin, Event Admin, Metatype, libraries. */
    private static final List<String> RUNTIME = List.of(
            "org.osgi.util.function",
            "org.osgi.util.promise",
            "org.osgi.service.component",
            "org.osgi.service.log",
            "org.apache.felix.scr",
            "org.apache.felix.configadmin",
            "org.apache.felix.eventadmin",
            "org.apache.felix.metatype",
            "commons-io",
            "commons-lang3",
            "zstd-jni",
            "commons-compress",
            "bcprov-jdk18on");

    /** This build's bundles. */
    private static final List<String> OURS = List.of("backup-api", "backup-core", "backup-agent-local",
            "backup-agent-s3", "backup-agent-restic");

    private BundleSet() {
    }

    /**
     * The configuration of a test class: the framework with every bundle, its storage under
     * {@code target/paxexam/<class>}.
     *
     * @param testClass the test class, naming its working folder
     * @return the options for its {@code @Configuration} method
     */
    public static Option[] configuration(Class<?> testClass) {
        List<Option> options = new ArrayList<>();
        Path work = workDirectory(testClass);
        options.add(workingDirectory(work.resolve("exam").toString()));
        // Wiped when the framework starts rather than when it stops, so that after a failure the framework's
        // storage (with the local agent's backups) can still be looked at.
        options.add(keepCaches());
        options.add(frameworkProperty(org.osgi.framework.Constants.FRAMEWORK_STORAGE)
                .value(work.resolve("felix").toString()));
        options.add(frameworkProperty(org.osgi.framework.Constants.FRAMEWORK_STORAGE_CLEAN)
                .value(org.osgi.framework.Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        options.add(frameworkStartLevel(Constants.START_LEVEL_TEST_BUNDLE));
        options.add(systemProperty("pax.exam.invoker").value("junit"));
        for (String name : TEST_SUPPORT) {
            options.add(bundle(url(name)).startLevel(Constants.START_LEVEL_SYSTEM_BUNDLES));
        }
        for (String name : RUNTIME) {
            options.add(bundle(url(name)).startLevel(Constants.START_LEVEL_DEFAULT_PROVISION));
        }
        for (String name : OURS) {
            options.add(bundle(url(name)).startLevel(Constants.START_LEVEL_DEFAULT_PROVISION));
        }
        return options.toArray(new Option[0]);
    }

    /**
     * @param testClass a test class
     * @return the folder for its framework storage ({@code felix}), Pax Exam's files ({@code exam}) and the test's
     *         own files ({@code files}), under {@code target/paxexam}
     */
    public static Path workDirectory(Class<?> testClass) {
        String base = System.getProperty("itest.work.dir", "target/paxexam");
        return Path.of(base, testClass.getSimpleName()).toAbsolutePath().normalize();
    }

    /**
     * @param testClass a test class
     * @return the folder for the test's own files (sources, agents' folders), created if missing
     */
    public static File filesDirectory(Class<?> testClass) {
        Path files = workDirectory(testClass).resolve("files");
        try {
            Files.createDirectories(files);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the test folder " + files, e);
        }
        return files.toFile();
    }

    /**
     * @param bundle an installed bundle
     * @return whether it is a fragment, which is never started
     */
    public static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(org.osgi.framework.Constants.FRAGMENT_HOST) != null;
    }

    /**
     * @param name a jar's name in {@code target/bundles} without ".jar", as the pom copies it there
     * @return its {@code file:} URL, for a test that installs a bundle of that list which {@link #configuration}
     *         does not
     */
    public static String url(String name) {
        Path jar = Path.of(System.getProperty("itest.bundles.dir", "target/bundles"), name + ".jar")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Bundle " + jar + " is missing. It is copied there by the"
                    + " maven-dependency-plugin of the integration-tests module: run the tests with"
                    + " 'mvn verify' (from the top for this build's bundles), and keep the pom's list in step with "
                    + BundleSet.class.getName());
        }
        return jar.toUri().toString();
    }
}
