package org.homeautomation.backup.agent.s3.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.homeautomation.backup.agent.testkit.BackupAgentContractTest;
import org.homeautomation.backup.agent.testkit.Outage;
import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shared agent contract, against a real S3 server (S3Proxy on loopback). Each test gets a bucket of its own; the
 * outage stops the server and starts it again on the same port with the same store. Parts are 5 MiB (the S3 minimum),
 * so the kit's large archive (64 MiB) goes up in 13 parallel parts and its smaller ones in single PUTs.
 */
class S3AgentContractTest extends BackupAgentContractTest<S3BackupAgent> {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static Path storeDirectory;
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        storeDirectory = Files.createTempDirectory("s3proxy-contract");
        server = S3ProxyServer.start(storeDirectory);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        TestFiles.deleteTree(storeDirectory);
    }

    @Override
    protected S3BackupAgent createAgent(Path workDir) throws Exception {
        String bucket = "contract-" + BUCKETS.incrementAndGet();
        TestSettings config = TestSettings.forServer(server.endpoint(), bucket);
        config.prefix = "home/backups";
        try (S3Clients.Pair admin = S3Clients.create(config.settings().connection())) {
            S3Client s3 = admin.s3();
            s3.createBucket(b -> b.bucket(bucket));
        }
        return new S3BackupAgent(config.settings());
    }

    @Override
    protected Optional<Outage> outage(S3BackupAgent agent, Path workDir) {
        return Optional.of(Outage.of(server::stop, server::startAgain));
    }
}
