package org.homeautomation.backup.itest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real S3 server for the tests: S3Proxy from its self-contained jar (copied to {@code target/s3proxy} by the pom),
 * in a JVM of its own, on 127.0.0.1 and a free port, storing each bucket as a folder of a local folder (jclouds'
 * file-system store) and checking AWS signatures with one key pair.
 *
 * <p>A process of its own rather than a server in the test JVM: S3Proxy's libraries (Guice 7 with jakarta.inject 2,
 * Jetty, jclouds) would share the class path with Pax Exam's (jakarta.inject 1), and it keeps the server out of the
 * OSGi framework and its probe. It is started by the driver side of a test (the {@code @Configuration} method, which
 * Pax Exam calls outside the framework) and ends with that JVM: {@link #main} exits when its standard input closes,
 * which happens however the test JVM ends.
 */
public final class S3ProxyProcess implements AutoCloseable {
    /** The access key the server accepts. */
    public static final String ACCESS_KEY = "itest-access-key";
    /** The secret key the server accepts. */
    public static final String SECRET_KEY = "itest-secret-key-Hq4Wn7Rt";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String MAIN_CLASS = "org.gaul.s3proxy.Main";
    private static final Map<Class<?>, S3ProxyProcess> PER_TEST_CLASS = new HashMap<>();

    private final Process process;
    private final int port;
    private final Path store;

    private S3ProxyProcess(Process process, int port, Path store) {
        this.process = process;
        this.port = port;
        this.store = store;
    }

    /**
     * Starts a server and waits until it accepts connections.
     *
     * @param work a folder for the store ({@code store}), the server's configuration and its log
     * @param buckets buckets to create (as folders of the store, which is what a bucket is to S3Proxy here)
     * @return the running server
     * @throws IOException when it cannot be started
     */
    public static S3ProxyProcess start(Path work, List<String> buckets) throws IOException {
        Path jar = Path.of(System.getProperty("itest.s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy " + jar + " is missing. It is copied there by the"
                    + " maven-dependency-plugin of the integration-tests module: run the tests with 'mvn verify'");
        }
        Path store = Files.createDirectories(work.resolve("store"));
        for (String bucket : buckets) {
            Files.createDirectories(store.resolve(bucket));
        }
        int port = freePort();
        Path properties = work.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + store,
                ""));
        Path testClasses;
        try {
            testClasses = Path.of(S3ProxyProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where " + S3ProxyProcess.class + " was loaded from", e);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = work.resolve("s3proxy.log");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m",
                "-cp", jar + File.pathSeparator + testClasses,
                S3ProxyProcess.class.getName(), "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3ProxyProcess server = new S3ProxyProcess(process, port, store);
        try {
            server.awaitListening(log);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The server of one test class's framework, started on the first call. Pax Exam asks for a class's configuration
     * on the driver side, where the server is started and its endpoint handed to the framework as a system property;
     * inside the framework the test class is another class (loaded by the probe), so the server is kept here, by class.
     *
     * @param testClass the test class, whose work directory holds the store
     * @param buckets buckets to create
     * @return the running server
     * @throws IOException when it cannot be started
     */
    public static synchronized S3ProxyProcess forTestClass(Class<?> testClass, List<String> buckets)
            throws IOException {
        S3ProxyProcess server = PER_TEST_CLASS.get(testClass);
        if (server == null) {
            server = start(BundleSet.workDirectory(testClass).resolve("s3"), buckets);
            PER_TEST_CLASS.put(testClass, server);
        }
        return server;
    }

    /** Stops the server of a test class, if it has one; for its {@code @AfterClass} method. */
    public static synchronized void stopForTestClass(Class<?> testClass) {
        S3ProxyProcess server = PER_TEST_CLASS.remove(testClass);
        if (server != null) {
            server.close();
        }
    }

    /** @return the endpoint URL, {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the process id of the server's JVM, to freeze it with SIGSTOP ({@code kill -STOP}) */
    public long pid() {
        return process.pid();
    }

    /** @return the folder holding the buckets */
    public Path store() {
        return store;
    }

    /** Stops the server and waits for its JVM to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy ended with exit code " + process.exitValue()
                        + " while starting; see " + log + ":\n" + tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("S3Proxy did not listen on port " + port + " within "
                            + START_TIMEOUT.toSeconds() + " s; see " + log + ":\n" + tail(log), notYet);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The server process's main class: runs S3Proxy's own main and exits when standard input ends, that is when the
     * test JVM that started it is gone, even if it was killed without running shutdown hooks. S3Proxy is called
     * by name: its classes are on this process's class path only, not on the tests'.
     *
     * @param args S3Proxy's arguments
     * @throws Exception when S3Proxy cannot be started
     */
    public static void main(String[] args) throws Exception {
        Method main = Class.forName(MAIN_CLASS).getMethod("main", String[].class);
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // Nothing is ever written; only the end matters.
                }
            } catch (IOException e) {
                // The pipe broke: the parent is gone as well.
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        main.invoke(null, (Object) args);
    }
}
