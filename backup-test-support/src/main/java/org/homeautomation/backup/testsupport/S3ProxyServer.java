package org.homeautomation.backup.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server for the tests: S3Proxy in this JVM, on 127.0.0.1, storing buckets as folders of a local folder
 * (jclouds' file-system store) and checking AWS signatures with one key pair. It can be stopped and started again on
 * the same port with the same folder, which is how the tests cut an agent off from its store. A test that uses it
 * depends on {@code org.gaul:s3proxy} itself (this module has it as provided only).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-Zq8Xv2Lp";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private int port;
    private S3Proxy proxy;
    private BlobStoreContext context;

    private S3ProxyServer(Path directory) {
        this.directory = directory;
    }

    /** Starts a server on a free port. */
    public static S3ProxyServer start(Path directory) throws Exception {
        return start(directory, freePort());
    }

    /** Starts a server on the given port. */
    public static S3ProxyServer start(Path directory, int port) throws Exception {
        S3ProxyServer server = new S3ProxyServer(directory);
        server.port = port;
        server.startAgain();
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Starts the server again after {@link #stop()}, on the same port, with the buckets as they were. */
    public void startAgain() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(endpoint())
                .build();
        proxy.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start on port " + port + " within " + START_TIMEOUT
                        + ", state " + proxy.getState());
            }
            Thread.onSpinWait();
        }
    }

    /** Stops the server: connections are refused until {@link #startAgain()}. */
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public boolean isRunning() {
        return proxy != null;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
