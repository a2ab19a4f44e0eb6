package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The test S3 server ({@link S3ProxyMain}) in a child JVM, so that it can be frozen with SIGSTOP (its connections stay
 * open and it reads nothing, as a hung store or host does), killed with SIGKILL and started again on the same port
 * with the same store.
 */
final class S3ProxyChild implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path store;
    private final Path work;
    private int port;
    private Process process;

    private S3ProxyChild(Path work) {
        this.work = work;
        this.store = work.resolve("store");
    }

    /** Starts a server on a free port, its store and log in {@code work}. */
    static S3ProxyChild start(Path work) throws IOException {
        S3ProxyChild child = new S3ProxyChild(work);
        Files.createDirectories(child.store);
        child.launch(0);
        return child;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** SIGSTOP: the process stops; the kernel keeps its sockets, so connections stay open and nothing is read. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** SIGKILL, as the OOM killer or a power cut would end the store. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts a new server on the same port with the same store, after {@link #kill()}. */
    void restart() throws IOException {
        launch(port);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        TestFiles.deleteTree(work);
    }

    private void launch(int fixedPort) throws IOException {
        Path portFile = work.resolve("port");
        Files.deleteIfExists(portFile);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder command = fixedPort == 0
                ? new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        S3ProxyMain.class.getName(), store.toString(), portFile.toString())
                : new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        S3ProxyMain.class.getName(), store.toString(), portFile.toString(),
                        Integer.toString(fixedPort));
        process = command.redirectErrorStream(true).redirectOutput(work.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.isRegularFile(portFile) || Files.readString(portFile).isBlank()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new IllegalStateException("S3Proxy did not start within " + START_TIMEOUT + "; see "
                        + work.resolve("s3proxy.log"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        port = Integer.parseInt(Files.readString(portFile).trim());
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + process.pid());
    }
}
