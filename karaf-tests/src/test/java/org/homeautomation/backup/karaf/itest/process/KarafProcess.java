package org.homeautomation.backup.karaf.itest.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.homeautomation.backup.testsupport.Await;

/**
 * The backup distribution ({@code backup-distribution/target/assembly}) run as a real child process, for tests that
 * must kill the runtime with kill -9 and start it again on the same folder. Pax Exam cannot do that: its Karaf runs
 * the test itself.
 *
 * <pre>
 * try (KarafProcess karaf = KarafProcess.copyOfDistribution("crash")) {
 *     karaf.start();                       // bin/karaf server; returns once backup:agents lists the local agent
 *     karaf.console("backup:create first");
 *     karaf.kill9();                       // SIGKILL to the Karaf JVM
 *     karaf.start();                       // again, on the same folder
 * }
 * </pre>
 *
 * The copy lives in {@code target/karaf-process/<name>-<n>} and is left there for a look after a failure: its
 * {@code console.log} holds what the process printed, {@code data/log/karaf.log} the runtime's log. It gets free
 * ports (ssh, JMX RMI) and the console user karaf/karaf. Console commands go over SSH ({@code bin/client} prints only
 * "Closed" when its input is no terminal).
 */
public final class KarafProcess implements AutoCloseable {
    private static final String USER = "karaf";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(1);

    private final Path home;
    private final int sshPort;
    private final SshClient ssh;
    private Process script;

    private KarafProcess(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.ssh = SshClient.setUpDefaultClient();
        // A throwaway runtime on this machine with a host key made at its first start: accepted without the warning
        // AcceptAllServerKeyVerifier logs at every connection.
        ssh.setServerKeyVerifier((session, address, key) -> true);
        ssh.start();
    }

    /**
     * Copies the distribution into a new folder under {@code karaf.process.work}, without the state of an earlier
     * run (its {@code data} folder, pid file, instances), with free ports and the console user enabled.
     *
     * @param name a word naming the test, for the folder's name
     */
    public static KarafProcess copyOfDistribution(String name) throws IOException {
        Path assembly = Path.of(requiredProperty("karaf.process.assembly"));
        if (!Files.isExecutable(assembly.resolve("bin/karaf"))) {
            throw new IllegalStateException("No distribution at " + assembly + ": build with -pl karaf-tests -am so"
                    + " that backup-distribution is built first");
        }
        Path work = Files.createDirectories(Path.of(requiredProperty("karaf.process.work")));
        Path home = Files.createTempDirectory(work, name + "-");
        try (Stream<Path> files = Files.walk(assembly)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = assembly.relativize(file);
                if (isRunState(relative)) {
                    continue;
                }
                Path target = home.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createDirectories(home.resolve("data"));
        int sshPort = freePort();
        setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort",
                Integer.toString(freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort",
                Integer.toString(freePort()));
        Files.writeString(home.resolve("etc/users.properties"), "\n" + USER + " = " + USER + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembus,ssh\n", StandardOpenOption.APPEND);
        return new KarafProcess(home, sshPort);
    }

    /** @return the runtime's folder, {@code karaf.home} and {@code karaf.base} */
    public Path home() {
        return home;
    }

    /** @return {@code ${karaf.etc}} */
    public Path etc() {
        return home.resolve("etc");
    }

    /** @return {@code ${karaf.data}} */
    public Path data() {
        return home.resolve("data");
    }

    /**
     * Starts {@code bin/karaf server} and waits until the console answers {@code backup:agents} with the local agent's
     * bundle in it, so that the agents and the commands are up.
     */
    public void start() throws IOException {
        if (script != null && script.isAlive()) {
            throw new IllegalStateException("Karaf in " + home + " runs already");
        }
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("KARAF_NOROOT");
        Files.deleteIfExists(home.resolve("karaf.pid"));
        script = builder.start();
        AtomicReference<String> lastSeen = new AtomicReference<>("nothing yet");
        Await.until("Karaf in " + home + " to answer backup:agents", START_TIMEOUT, () -> {
            if (!script.isAlive()) {
                throw new AssertionError("Karaf in " + home + " ended with exit code " + script.exitValue()
                        + " while starting; see console.log there");
            }
            try {
                String agents = console("backup:agents");
                lastSeen.set(agents);
                return agents.contains("org.homeautomation.backup.agent.local");
            } catch (IOException e) {
                lastSeen.set(e.toString());
                return false;
            }
        }, lastSeen::get);
    }

    /**
     * Runs one console command over SSH and waits for it to end.
     *
     * @return what it printed, standard output then standard error
     * @throws IOException when the console cannot be reached or the connection drops (as when Karaf is killed)
     */
    public String console(String command) throws IOException {
        try (ClientSession session = ssh.connect(USER, "localhost", sshPort).verify(Duration.ofSeconds(10))
                .getSession()) {
            session.addPasswordIdentity(USER);
            session.auth().verify(Duration.ofSeconds(30));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(Duration.ofSeconds(30));
                if (channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND_TIMEOUT)
                        .contains(ClientChannelEvent.TIMEOUT)) {
                    throw new IOException("'" + command + "' did not end within " + COMMAND_TIMEOUT);
                }
            }
            return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * @return the Karaf JVM: the pid Karaf wrote to {@code karaf.pid}, checked to be a java process started by this
     *         object (bin/karaf runs java as its child)
     */
    public ProcessHandle jvm() {
        try {
            long pid = Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
            Optional<ProcessHandle> jvm = script.descendants().filter(p -> p.pid() == pid).findFirst();
            return jvm.orElseThrow(() -> new IllegalStateException("pid " + pid + " in " + home.resolve("karaf.pid")
                    + " is not a process started by bin/karaf here"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Karaf's pid file in " + home, e);
        }
    }

    /** Kills the Karaf JVM with SIGKILL (kill -9): no shutdown hook runs, no file is closed. Waits until it is gone. */
    public void kill9() throws Exception {
        ProcessHandle jvm = jvm();
        jvm.destroyForcibly(); // SIGKILL on Unix
        jvm.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!script.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("bin/karaf in " + home + " did not end after its JVM was killed");
        }
    }

    /** Stops Karaf in order ({@code system:shutdown -f}), or kills it when it does not end in time. */
    public void stop() throws Exception {
        if (script == null || !script.isAlive()) {
            return;
        }
        try {
            console("system:shutdown -f");
        } catch (IOException e) {
            // It may close the connection while going down; the wait below tells.
        }
        if (!script.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            kill9();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            ssh.stop();
        }
    }

    @Override
    public String toString() {
        return "Karaf in " + home + " (ssh port " + sshPort + ")";
    }

    /** The state an earlier run of the distribution left, which a fresh copy must not start with. */
    private static boolean isRunState(Path relative) {
        String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
        return first.equals("data") || first.equals("instances") || first.equals("karaf.pid")
                || first.equals("lock");
    }

    private static void setProperty(Path cfg, String key, String value) throws IOException {
        String text = Files.readString(cfg);
        String changed = text.replaceFirst("(?m)^" + key + "\\s*=.*$", key + " = " + value);
        if (changed.equals(text)) {
            throw new IllegalStateException("No line '" + key + " = ...' in " + cfg + " to set");
        }
        Files.writeString(cfg, changed);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run through Maven (karaf-tests"
                    + " pom sets it)");
        }
        return value;
    }
}
