package org.homeautomation.backup.agent.restic.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.support.s3.S3Connection;
import org.homeautomation.backup.support.secret.Secret;
import org.homeautomation.backup.testsupport.S3ProxyServer;

/**
 * A real S3 store for the restic agent's tests: S3Proxy on loopback (backup-test-support's S3ProxyServer), with a new
 * bucket for each repository, and agents configured on it as a person would configure them ({@code s3:} location,
 * the S3 keys, path style).
 */
final class S3TestStore implements AutoCloseable {
    static final String PID = "org.homeautomation.backup.agent.restic~s3";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final Path directory;
    private final S3ProxyServer server;

    private S3TestStore(Path directory, S3ProxyServer server) {
        this.directory = directory;
        this.server = server;
    }

    static S3TestStore start() throws Exception {
        Path directory = Files.createTempDirectory("s3proxy-restic");
        return new S3TestStore(directory, S3ProxyServer.start(directory));
    }

    S3ProxyServer server() {
        return server;
    }

    /** @return a new, empty bucket's {@code s3:} location with the given prefix, as restic names it */
    String newLocation(String prefix) throws Exception {
        String bucket = "restic-" + BUCKETS.incrementAndGet();
        S3Connection admin = new S3Connection("test-admin", bucket, "", "us-east-1",
                Optional.of(server.endpoint()), true, S3ProxyServer.ACCESS_KEY, new Secret(S3ProxyServer.SECRET_KEY),
                1, Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (S3Clients.Pair clients = S3Clients.create(admin)) {
            clients.s3().createBucket(b -> b.bucket(bucket));
        }
        return "s3:" + server.endpoint() + "/" + bucket + "/" + prefix;
    }

    /** @return the S3 keys of a configuration for this store */
    static S3Location.Keys keys() {
        return new S3Location.Keys(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "", "", "", true);
    }

    /** @return an agent on a location, made from a configuration as the component makes it */
    static ResticBackupAgent agent(String id, String location, String password, boolean initialize) {
        return ResticAgentSettings.of(PID, id, "", location, password, "", initialize, keys(), name -> null)
                .newAgent();
    }

    /** @return the stock restic on a location of this store */
    static ResticCommand restic(String location, String password) {
        return ResticCommand.onS3(location, password, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
    }

    @Override
    public void close() throws Exception {
        server.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
