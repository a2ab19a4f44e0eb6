package org.homeautomation.backup.karaf.itest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * S3Proxy (its self-contained jar, copied to {@code target/s3proxy} by the pom) in a JVM of its own on 127.0.0.1, with
 * the jclouds file-system store and one key pair, for the Karaf tests of the S3 agent. Started by
 * the test's driver side, outside Karaf; the process ends with the test JVM ({@link #main} exits when its standard
 * input closes).
 */
public final class S3ForKaraf implements AutoCloseable {
    private static final long START_SECONDS = 60;

    private final Process process;
    private final int port;
    private final Path store;

    private S3ForKaraf(Process process, int port, Path store) {
        this.process = process;
        this.port = port;
        this.store = store;
    }

    /**
     * @param work the folder for the store, the configuration and the log
     * @param accessKey the access key the server accepts
     * @param secretKey the secret key the server accepts
     * @param bucket the bucket to create
     */
    public static S3ForKaraf start(Path work, String accessKey, String secretKey, String bucket) throws Exception {
        Path jar = Path.of(System.getProperty("karaf.itest.s3proxy.jar"));
        Path store = Files.createDirectories(work.resolve("store"));
        Files.createDirectories(store.resolve(bucket));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path properties = Files.writeString(work.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey, "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + store, ""));
        Path classes = Path.of(S3ForKaraf.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path log = work.resolve("s3proxy.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", jar + File.pathSeparator + classes, S3ForKaraf.class.getName(), "--properties",
                properties.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new S3ForKaraf(process, port, store);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("S3Proxy did not start; see " + log, notYet);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** @return where the server answers */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the store's folder: a folder per bucket, a file per object */
    public Path store() {
        return store;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The server process: S3Proxy's main, and an exit once the test JVM (its standard input) is gone. */
    public static void main(String[] args) throws Exception {
        Thread parentGone = new Thread(() -> {
            try (InputStream in = System.in) {
                in.transferTo(OutputStreamNowhere.INSTANCE);
            } catch (IOException e) {
                // The pipe broke: the parent is gone.
            }
            Runtime.getRuntime().halt(0);
        }, "parent-gone");
        parentGone.setDaemon(true);
        parentGone.start();
        Method main = Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    private static final class OutputStreamNowhere extends java.io.OutputStream {
        static final OutputStreamNowhere INSTANCE = new OutputStreamNowhere();

        @Override
        public void write(int b) {
            // Nothing is ever written to the server's standard input; only its end matters.
        }
    }
}
