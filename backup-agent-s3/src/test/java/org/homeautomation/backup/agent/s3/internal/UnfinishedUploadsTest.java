package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.homeautomation.backup.agent.testkit.ArchiveSource;
import org.homeautomation.backup.agent.testkit.Pause;
import org.homeautomation.backup.agent.testkit.ProgressRecorder;
import org.homeautomation.backup.agent.testkit.TestArchive;
import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What uploads that never finished leave in the bucket, and that the agent removes it: a runtime killed during an
 * upload (a child JVM killed with SIGKILL), a store killed during one, a store frozen during one (SIGSTOP: connections
 * stay open, nothing is read). The stores are real S3Proxy servers, in this JVM or, where a signal must reach the
 * store alone, in a child JVM ({@link S3ProxyChild}).
 */
class UnfinishedUploadsTest {
    private static final long MIB = 1024L * 1024L;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void aNewAgentAbortsAStaleMultipartUploadAndRemovesLoneObjectsButNoForeignObject() throws Exception {
        TestSettings config = bucket(storeInThisJvm(), "leftovers", "home");
        S3Client admin = admin(config);
        // As a crash leaves them: a multipart upload begun, one part sent, never completed; an archive without its
        // metadata object; a metadata object without its archive.
        String uploadId = admin.createMultipartUpload(b -> b.bucket("leftovers").key("home/crashed.tar")).uploadId();
        admin.uploadPart(b -> b.bucket("leftovers").key("home/crashed.tar").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(new byte[(int) (5 * MIB)]));
        put(admin, "leftovers", "home/lone-archive.tar");
        put(admin, "leftovers", "home/lone-metadata.json");
        // Not the agent's: other names, deeper folders, other prefixes, and a whole backup.
        Set<String> foreign = Set.of("home/notes.txt", "home/Not An Id.tar", "home/deeper/old.tar",
                "elsewhere/crashed.tar", "home/whole.tar", "home/whole.json");
        for (String key : foreign) {
            put(admin, "leftovers", key);
        }
        String foreignUpload = admin.createMultipartUpload(b -> b.bucket("leftovers").key("home/deeper/big.tar"))
                .uploadId();
        awaitSecondsOlderThanNow(admin, "leftovers");

        agent(config);

        await("the stale multipart upload is aborted and the lone objects are removed", () -> {
            Set<String> keys = keys(admin, "leftovers");
            return uploadIds(admin, "leftovers").equals(Set.of(foreignUpload))
                    && !keys.contains("home/lone-archive.tar") && !keys.contains("home/lone-metadata.json");
        });
        Set<String> left = keys(admin, "leftovers");
        assertTrue(left.containsAll(foreign), "no object that is not a leftover of the agent is removed: " + left);
    }

    @Test
    void anUploadInProgressIsNeverTouchedNorAnythingYoungerThanIt() throws Exception {
        TestSettings config = bucket(storeInThisJvm(), "busy", "");
        S3BackupAgent agent = agent(config);
        PausedUpload upload = PausedUpload.start(agent, 4 * 5 * MIB, 12 * MIB, "in-progress");
        S3Client admin = admin(config);
        put(admin, "busy", "younger.tar");
        // A cleanup that takes every upload and object for stale (as if the agent had started in an hour) still
        // leaves the upload in progress alone, and what is younger than it.
        LeftoverCleanup cleanup = new LeftoverCleanup(admin, config.settings(), new BucketLayout(""),
                agentInProgress(agent), Instant.now().plus(Duration.ofHours(1)));

        assertEquals(0, cleanup.run());

        upload.pause.resume();
        upload.done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(upload.archive.sha256(), agent.get("in-progress").sha256());
        assertTrue(keys(admin, "busy").contains("younger.tar"));
    }

    @Test
    void aFrozenStoreFailsTheUploadWithinTheStallTimeoutAndLeavesNothingOnceItIsBack() throws Exception {
        S3ProxyChild store = S3ProxyChild.start(temp.resolve("frozen"));
        toClose.add(store);
        TestSettings config = bucket(store.endpoint().toString(), "frozen", "home");
        // Parts larger than what the loopback socket buffers take, so that a write blocks on the frozen store.
        config.partSizeMiB = 32;
        config.stallTimeoutSeconds = 5;
        S3BackupAgent agent = agent(config);
        PausedUpload upload = PausedUpload.start(agent, 4 * 32 * MIB, 40 * MIB, "frozen-backup");
        store.freeze();
        long frozenAt = System.nanoTime();
        Throwable failure;
        try {
            failure = upload.resumeAndAwaitFailure();
        } finally {
            store.thaw();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - frozenAt);

        assertInstanceOf(AgentUnavailableException.class, failure, "the upload to a frozen store: " + failure);
        String message = failure.getMessage();
        assertTrue(took.compareTo(Duration.ofSeconds(5 + 10)) < 0,
                "the upload must fail within the stall timeout (5 s) and a margin, not after " + took);
        assertTrue(message.contains("'s3'") && message.contains("frozen-backup")
                && message.contains(store.endpoint().toString()) && message.contains("stallTimeoutSeconds")
                && message.contains("check that the store is running"), "a clear message: " + message);
        assertFalse(message.contains(S3ProxyServer.SECRET_KEY), message);

        S3Client admin = admin(config);
        assertEquals(List.of(), agent.list(), "nothing of the failed backup is listed");
        assertFalse(keys(admin, "frozen").contains("home/frozen-backup.json"), "no metadata object is published");
        agent.cleanUpLeftovers();
        await("no object and no multipart upload of the failed backup is left",
                () -> objectsOf(admin, "frozen", "frozen-backup").isEmpty() && uploadIds(admin, "frozen").isEmpty());
    }

    @Test
    void aStoreKilledMidUploadAndRestartedIsCleanedUpByTheNextAgent() throws Exception {
        S3ProxyChild store = S3ProxyChild.start(temp.resolve("killed"));
        toClose.add(store);
        TestSettings config = bucket(store.endpoint().toString(), "killed", "home");
        S3BackupAgent agent = new S3BackupAgent(config.settings());
        PausedUpload upload = PausedUpload.start(agent, 6 * 5 * MIB, 12 * MIB, "cut-off");
        S3Client before = admin(config);
        // Killed between parts: a part cut off in the middle of its write leaves S3Proxy's file store with an
        // upload it can list but no longer abort (HTTP 400), which no client could clean up.
        await("the first two parts to be stored", () -> partsStored(before, "killed", "home/cut-off.tar") == 2);
        store.kill();
        Throwable failure = upload.resumeAndAwaitFailure();
        assertInstanceOf(AgentUnavailableException.class, failure, "an upload whose store was killed: " + failure);
        // The runtime restarts as well: the abort the agent still meant to retry is forgotten.
        agent.close();
        store.restart();
        S3Client admin = admin(config);
        assertEquals(1, uploadIds(admin, "killed").size(), "the killed store keeps the incomplete upload");
        awaitSecondsOlderThanNow(admin, "killed");

        agent(config);

        await("the next agent aborts the upload the killed store was left with",
                () -> uploadIds(admin, "killed").isEmpty() && objectsOf(admin, "killed", "cut-off").isEmpty());
    }

    @Test
    void aRuntimeKilledMidUploadLeavesAnIncompleteUploadThatTheNextAgentAborts() throws Exception {
        TestSettings config = bucket(storeInThisJvm(), "crashed", "home");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                UploadingChild.class.getName(), config.endpoint, "crashed", "home", "killed-runtime",
                Long.toString(6 * 5 * MIB), Long.toString(12 * MIB))
                .redirectError(temp.resolve("child.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            CompletableFuture<String> paused = CompletableFuture.supplyAsync(() -> out.lines()
                    .filter(UploadingChild.PAUSED::equals).findFirst().orElse("ended"));
            assertEquals(UploadingChild.PAUSED, paused.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                    "the child must reach the middle of its upload; see " + temp.resolve("child.log"));
            S3Client admin = admin(config);
            await("parts of the child's upload are in the store", () -> !uploadIds(admin, "crashed").isEmpty());
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertFalse(child.isAlive());
            assertEquals(1, uploadIds(admin, "crashed").size(), "SIGKILL leaves the upload incomplete");
            awaitSecondsOlderThanNow(admin, "crashed");

            agent(config);

            await("the next agent aborts the upload the killed runtime left",
                    () -> uploadIds(admin, "crashed").isEmpty()
                            && objectsOf(admin, "crashed", "killed-runtime").isEmpty());
        } finally {
            child.destroyForcibly();
        }
    }

    /** @return the endpoint of a new S3Proxy in this JVM */
    private String storeInThisJvm() throws Exception {
        S3ProxyServer server = S3ProxyServer.start(temp.resolve("store"));
        toClose.add(server);
        return server.endpoint().toString();
    }

    /** @return settings for a new bucket: parts of 5 MiB, two at a time, 5 s timeout */
    private TestSettings bucket(String endpoint, String bucket, String prefix) {
        TestSettings config = TestSettings.forServer(java.net.URI.create(endpoint), bucket);
        config.prefix = prefix;
        config.partSizeMiB = 5;
        config.concurrency = 2;
        config.timeoutSeconds = 5;
        admin(config).createBucket(b -> b.bucket(bucket));
        return config;
    }

    private S3Client admin(TestSettings config) {
        S3Clients.Pair pair = S3Clients.create(config.settings().connection());
        toClose.add(pair);
        return pair.s3();
    }

    private S3BackupAgent agent(TestSettings config) {
        S3BackupAgent agent = new S3BackupAgent(config.settings());
        toClose.add(agent);
        return agent;
    }

    private static UploadsInProgress agentInProgress(S3BackupAgent agent) {
        return agent.uploadsInProgress();
    }

    /** An upload in the background whose archive stops at an offset until resumed. */
    private record PausedUpload(TestArchive archive, Pause pause, CompletableFuture<Void> done) {
        /** Starts the upload and waits until the archive has stopped at the offset. */
        static PausedUpload start(S3BackupAgent agent, long size, long pauseAt, String id) throws Exception {
            TestArchive archive = TestArchive.of(size, size ^ pauseAt);
            Pause pause = Pause.at(pauseAt);
            BackupMetadata metadata = archive.metadata(id).build();
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try {
                    agent.upload(ArchiveSource.pausing(archive, pause), metadata, new ProgressRecorder());
                } catch (BackupAgentException e) {
                    throw new CompletionException(e);
                }
            });
            pause.awaitReached(WAIT);
            return new PausedUpload(archive, pause, done);
        }

        /** @return why the upload failed once resumed */
        Throwable resumeAndAwaitFailure() {
            pause.resume();
            return assertThrows(ExecutionException.class, () -> done.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .getCause();
        }
    }

    private static void put(S3Client s3, String bucket, String key) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
    }

    private static Set<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .collect(Collectors.toSet());
    }

    /**
     * @return the keys of the backup's objects under the prefix "home" (S3Proxy's file-system store also lists
     *         folders and its own bookkeeping of multipart uploads as keys)
     */
    private static Set<String> objectsOf(S3Client s3, String bucket, String backupId) {
        Set<String> objects = keys(s3, bucket);
        objects.retainAll(Set.of("home/" + backupId + ".tar", "home/" + backupId + ".json"));
        return objects;
    }

    /**
     * @return the parts stored of the key's multipart uploads, or -1 while S3Proxy's file store refuses to list them
     *         (HTTP 400 while a part is being written)
     */
    private static int partsStored(S3Client s3, String bucket, String key) {
        try {
            return uploadIds(s3, bucket).stream().mapToInt(id -> s3.listParts(b -> b.bucket(bucket).key(key)
                    .uploadId(id)).parts().size()).sum();
        } catch (S3Exception e) {
            if (e.statusCode() == 400) {
                return -1;
            }
            throw e;
        }
    }

    private static Set<String> uploadIds(S3Client s3, String bucket) {
        return s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map(software.amazon.awssdk.services.s3.model.MultipartUpload::uploadId).collect(Collectors.toSet());
    }

    /**
     * Waits until every object in the bucket is older than the whole second before now: the agent takes for
     * leftovers only what is older than its start, and S3 times have whole seconds.
     */
    private static void awaitSecondsOlderThanNow(S3Client s3, String bucket) {
        Instant newest = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::lastModified).max(Instant::compareTo).orElse(Instant.EPOCH);
        Instant newestUpload = s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map(software.amazon.awssdk.services.s3.model.MultipartUpload::initiated)
                .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(Instant.EPOCH);
        Instant after = (newest.isAfter(newestUpload) ? newest : newestUpload).plusSeconds(2);
        await("the clock to pass " + after, () -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(after));
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Waited " + WAIT.toSeconds() + " s for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
