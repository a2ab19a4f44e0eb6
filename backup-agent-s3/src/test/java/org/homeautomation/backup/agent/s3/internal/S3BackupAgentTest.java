package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.agent.testkit.ArchiveSource;
import org.homeautomation.backup.agent.testkit.Pause;
import org.homeautomation.backup.agent.testkit.ProgressRecorder;
import org.homeautomation.backup.agent.testkit.StreamSummary;
import org.homeautomation.backup.agent.testkit.TestArchive;
import org.homeautomation.backup.support.s3.BodyIntegrity;
import org.homeautomation.backup.support.s3.Md5;
import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the shared contract does not cover and an S3 agent must do, against a real S3 server (S3Proxy on loopback):
 * multipart uploads, listing beyond one page, the listing cache, an upload losing the server midway, and the errors a
 * person sees for wrong settings.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class S3BackupAgentTest {
    private static final long MIB = 1024L * 1024L;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static Path storeDirectory;
    private static S3ProxyServer server;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        storeDirectory = Files.createTempDirectory("s3proxy-agent");
        server = S3ProxyServer.start(storeDirectory);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        TestFiles.deleteTree(storeDirectory);
    }

    @AfterEach
    void closeAgents() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void largeArchiveGoesUpInEqualPartsWithBoundedMemoryAndMonotonicProgress() throws Exception {
        TestSettings config = newBucket(server);
        config.partSizeMiB = 5;
        config.concurrency = 2;
        S3BackupAgent agent = agent(config);
        TestArchive archive = TestArchive.of(3 * 5 * MIB + 123, 7);
        ProgressRecorder progress = new ProgressRecorder();
        BackupMetadata metadata = archive.metadata("multipart").build();

        agent.upload(ArchiveSource.of(archive), metadata, progress);

        progress.assertCompleteFor(archive.size());
        List<Long> values = progress.values();
        List<Long> steps = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            steps.add(values.get(i) - (i == 0 ? 0 : values.get(i - 1)));
        }
        assertEquals(List.of(123L, 5 * MIB, 5 * MIB, 5 * MIB), steps.stream().sorted().toList(),
                "progress must be reported once per part, as each part completes: " + values);
        assertTrue(agent.lastMultipartUpload().buffers().made() <= 2,
                "an upload of concurrency 2 allocated " + agent.lastMultipartUpload().buffers().made() + " buffers");
        assertEquals(5 * MIB, agent.lastMultipartUpload().buffers().size());
        assertDownloads(agent, "multipart", archive);
        try (S3Clients.Pair admin = S3Clients.create(config.settings().connection())) {
            assertTrue(admin.s3().listMultipartUploads(b -> b.bucket(config.bucket)).uploads().isEmpty(),
                    "a completed upload leaves no multipart upload behind");
        }
    }

    @Test
    void listingPagesBeyondOneThousandObjects() throws Exception {
        TestSettings config = newBucket(server);
        config.prefix = "many";
        config.listCacheSeconds = 0;
        S3BackupAgent agent = agent(config);
        int count = 1001;
        Set<String> written = writeBackupsDirectly(config, count);

        List<BackupMetadata> listed = agent.list();

        assertEquals(written, listed.stream().map(BackupMetadata::id).collect(Collectors.toSet()),
                "the listing of " + 2 * count + " objects (" + count + " backups)");
        assertEquals(count, listed.size());
        assertEquals(written, agent.list().stream().map(BackupMetadata::id).collect(Collectors.toSet()),
                "the second listing, with the metadata reused by ETag");
    }

    @Test
    void listingIsCachedButNeverHidesTheAgentsOwnChanges() throws Exception {
        TestSettings config = newBucket(server);
        config.listCacheSeconds = 3600;
        S3BackupAgent agent = agent(config);
        assertEquals(List.of(), agent.list());
        writeBackupsDirectly(config, 1);

        assertEquals(List.of(), agent.list(), "a backup written by someone else shows only when the cache expires");

        TestArchive archive = TestArchive.of(1000, 3);
        agent.upload(ArchiveSource.of(archive), archive.metadata("own").build(), new ProgressRecorder());
        assertEquals(Set.of("own", "direct-0000"), ids(agent.list()), "after the agent's own upload");
        agent.delete("own");
        assertEquals(Set.of("direct-0000"), ids(agent.list()), "after the agent's own delete");
    }

    @Test
    void serverStoppedDuringMultipartUploadLeavesNothingAndTheUploadIsAbortedOnceBack() throws Exception {
        Path directory = Files.createTempDirectory("s3proxy-stopped");
        S3ProxyServer ownServer = S3ProxyServer.start(directory);
        try {
            TestSettings config = newBucket(ownServer);
            config.partSizeMiB = 5;
            config.concurrency = 2;
            config.timeoutSeconds = 5;
            S3BackupAgent agent = agent(config);
            TestArchive archive = TestArchive.of(6 * 5 * MIB, 11);
            Pause pause = Pause.at(12 * MIB);
            BackupMetadata metadata = archive.metadata("interrupted-by-outage").build();
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    agent.upload(ArchiveSource.pausing(archive, pause), metadata, new ProgressRecorder());
                } catch (BackupAgentException e) {
                    throw new CompletionException(e);
                }
            });
            pause.awaitReached(WAIT);
            ownServer.stop();
            pause.resume();

            Throwable failure = assertThrows(ExecutionException.class,
                    () -> upload.get(WAIT.toSeconds(), TimeUnit.SECONDS)).getCause();
            assertInstanceOf(AgentUnavailableException.class, failure, "an upload that lost its server: " + failure);
            assertTrue(failure.getMessage().contains("interrupted-by-outage") && failure.getMessage().contains("'s3'"),
                    "the message names the backup and the agent: " + failure.getMessage());
            assertEquals(1, agent.pendingAborts().size(), "the multipart upload the server could not be told to"
                    + " abort is remembered: " + agent.pendingAborts());

            ownServer.startAgain();
            assertEquals(List.of(), agent.list(), "nothing of the failed upload is listed");
            assertEquals(List.of(), agent.pendingAborts(), "the abort is retried once the server is back");
            assertThrows(BackupNotFoundException.class, () -> agent.get("interrupted-by-outage"));
            try (S3Clients.Pair admin = S3Clients.create(config.settings().connection())) {
                S3Client s3 = admin.s3();
                assertTrue(s3.listMultipartUploads(b -> b.bucket(config.bucket)).uploads().isEmpty(),
                        "no incomplete multipart upload is left");
                assertEquals(List.of(), s3.listObjectsV2(b -> b.bucket(config.bucket)).contents(),
                        "no object is left");
            }
        } finally {
            ownServer.close();
            TestFiles.deleteTree(directory);
        }
    }

    @Test
    void overPlainHttpThePartsSignedSha256IsTheirChecksumAndTheStoreRefusesADamagedPart() throws Exception {
        TestSettings direct = newBucket(server);
        TestArchive archive = TestArchive.of(3 * 5 * MIB, 13);
        // The same upload through a relay that passes every byte, and through one that damages one byte per
        // connection inside the first part sent on it. No Content-MD5 is sent over http: what catches the damage is
        // the SHA-256 the signature covers.
        try (CorruptingRelay faithful = CorruptingRelay.start(server.port(), -1)) {
            S3BackupAgent agent = agent(multipartVia(faithful, direct.bucket));
            agent.upload(ArchiveSource.of(archive), archive.metadata("relayed").build(), new ProgressRecorder());
            assertDownloads(agent(direct), "relayed", archive);
        }
        try (CorruptingRelay damaging = CorruptingRelay.start(server.port(), 3 * MIB)) {
            TestSettings config = multipartVia(damaging, direct.bucket);
            assertEquals(BodyIntegrity.SIGNED_SHA256, BodyIntegrity.forEndpoint(config.settings().endpoint()));
            S3BackupAgent agent = agent(config);
            BackupAgentException e = assertThrows(BackupAgentException.class, () -> agent.upload(
                    ArchiveSource.of(archive), archive.metadata("damaged").build(), new ProgressRecorder()));
            assertTrue(damaging.flipped() > 0, "the relay damaged no part");
            assertTrue(e.getMessage().contains("XAmzContentSHA256Mismatch") && e.getMessage().contains("damaged"),
                    "the store must refuse the damaged part, and the message say so: " + e.getMessage());
        }
        S3BackupAgent agent = agent(direct);
        assertEquals(Set.of("relayed"), ids(agent.list()));
        try (S3Clients.Pair admin = S3Clients.create(direct.settings().connection())) {
            S3Client s3 = admin.s3();
            assertTrue(s3.listMultipartUploads(b -> b.bucket(direct.bucket)).uploads().isEmpty(),
                    "the upload with the damaged part is aborted");
            assertEquals(Set.of("relayed.json", "relayed.tar"), s3.listObjectsV2(b -> b.bucket(direct.bucket))
                    .contents().stream().map(o -> o.key()).collect(Collectors.toSet()), "nothing of it is left");
        }
    }

    @Test
    void theStoreChecksTheContentMd5TheAgentSends() throws Exception {
        TestSettings config = newBucket(server);
        byte[] body = "archive bytes".getBytes(StandardCharsets.UTF_8);
        String md5OfOtherBytes = Md5.contentMd5("other bytes".getBytes(StandardCharsets.UTF_8), 0, 11);
        try (S3Clients.Pair admin = S3Clients.create(config.settings().connection())) {
            S3Exception e = assertThrows(S3Exception.class, () -> admin.s3().putObject(b -> b.bucket(config.bucket)
                    .key("damaged.tar").contentMD5(md5OfOtherBytes), RequestBody.fromBytes(body)));
            assertEquals("BadDigest", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void wrongCredentialsAreReportedWithoutTheSecret() throws Exception {
        TestSettings config = newBucket(server);
        config.secretKey = "wrong-secret-9f8e7d";
        S3BackupAgent agent = agent(config);
        TestArchive archive = TestArchive.of(1000, 5);

        BackupAgentException listing = assertThrows(BackupAgentException.class, agent::list);
        BackupAgentException upload = assertThrows(BackupAgentException.class,
                () -> agent.upload(ArchiveSource.of(archive), archive.metadata("b").build(), new ProgressRecorder()));

        for (BackupAgentException e : List.of(listing, upload)) {
            assertFalse(e instanceof AgentUnavailableException, "bad credentials are not an outage: " + e);
            assertTrue(e.getMessage().contains("rejected the credentials"), e.getMessage());
            assertFalse(e.getMessage().contains(config.secretKey), "the secret is in the message: " + e.getMessage());
        }
        assertFalse(config.settings().toString().contains(config.secretKey));
    }

    @Test
    void aMissingBucketIsReportedAsSuchAndNotAsAMissingBackup() throws Exception {
        TestSettings config = TestSettings.forServer(server.endpoint(), "no-such-bucket");
        S3BackupAgent agent = agent(config);

        BackupAgentException listing = assertThrows(BackupAgentException.class, agent::list);
        BackupAgentException get = assertThrows(BackupAgentException.class, () -> agent.get("some-backup"));

        assertFalse(get instanceof BackupNotFoundException, "get() in a missing bucket: " + get);
        for (BackupAgentException e : List.of(listing, get)) {
            assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
        }
    }

    @Test
    void anUnreachableEndpointMakesTheAgentUnavailable() throws Exception {
        TestSettings config = TestSettings.forServer(
                URI.create("http://127.0.0.1:" + S3ProxyServer.freePort()), "backups");
        S3BackupAgent agent = agent(config);

        AgentUnavailableException e = assertThrows(AgentUnavailableException.class, agent::list);

        assertTrue(e.getMessage().contains("cannot reach the store at " + config.endpoint), e.getMessage());
    }

    private static Set<String> ids(List<BackupMetadata> listing) {
        return listing.stream().map(BackupMetadata::id).collect(Collectors.toSet());
    }

    private static void assertDownloads(S3BackupAgent agent, String id, TestArchive archive) throws Exception {
        try (InputStream in = agent.download(id)) {
            StreamSummary summary = StreamSummary.of(in);
            assertEquals(archive.size(), summary.size());
            assertEquals(archive.sha256(), summary.sha256());
        }
    }

    /** Writes backups as another runtime's agent would have: archive and metadata objects, through the SDK. */
    private static Set<String> writeBackupsDirectly(TestSettings config, int count) throws Exception {
        TestArchive archive = TestArchive.of(16, 1);
        byte[] bytes;
        try (InputStream in = archive.newStream()) {
            bytes = in.readAllBytes();
        }
        BucketLayout layout = new BucketLayout(config.settings().prefix());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (S3Clients.Pair admin = S3Clients.create(config.settings().connection())) {
            List<Future<String>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = String.format("direct-%04d", i);
                writes.add(pool.submit(() -> {
                    BackupMetadata metadata = archive.metadata(id).createdAt(Instant.EPOCH).build();
                    admin.s3().putObject(b -> b.bucket(config.bucket).key(layout.archiveKey(id)),
                            RequestBody.fromBytes(bytes));
                    admin.s3().putObject(b -> b.bucket(config.bucket).key(layout.metadataKey(id)),
                            RequestBody.fromString(metadata.toJson()));
                    return id;
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> write : writes) {
                ids.add(write.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private TestSettings newBucket(S3ProxyServer on) throws Exception {
        TestSettings config = TestSettings.forServer(on.endpoint(), "agent-test-" + BUCKETS.incrementAndGet());
        try (S3Clients.Pair admin = S3Clients.create(config.settings().connection())) {
            admin.s3().createBucket(b -> b.bucket(config.bucket));
        }
        return config;
    }

    /** Settings for sending through the relay into the bucket: parts of 5 MiB, two at a time. */
    private static TestSettings multipartVia(CorruptingRelay relay, String bucket) {
        TestSettings config = TestSettings.forServer(relay.endpoint(), bucket);
        config.partSizeMiB = 5;
        config.concurrency = 2;
        config.listCacheSeconds = 0;
        return config;
    }

    private S3BackupAgent agent(TestSettings config) {
        S3BackupAgent agent = new S3BackupAgent(config.settings());
        toClose.add(agent);
        return agent;
    }
}
