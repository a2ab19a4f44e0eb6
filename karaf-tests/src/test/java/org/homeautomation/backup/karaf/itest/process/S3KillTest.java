package org.homeautomation.backup.karaf.itest.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.io.file.PathUtils;
import org.homeautomation.backup.testsupport.Await;
import org.homeautomation.backup.karaf.itest.S3ForKaraf;
import org.junit.Test;

/**
 * Bug 10 of the hardening issue with kill -9 done to the real Karaf: a runtime killed in the middle of an upload to the
 * S3 agent leaves parts of a multipart upload in the bucket; once Karaf is back, the agent's cleanup removes them,
 * never a foreign object, and backups to the bucket work on.
 */
public class S3KillTest {
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final String SECRET = "s3-kill-secret-" + UUID.randomUUID();
    private static final String BUCKET = "kill-test";
    private static final String PREFIX = "home";
    /** The upload is killed once this much of the archive reached the store. */
    private static final long KILL_AFTER_BYTES = 16L << 20;

    @Test
    public void aKillDuringAnS3UploadLeavesNothingOfItInTheBucketOnceKarafIsBack() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "s3-kill").toAbsolutePath());
        try (S3ForKaraf s3 = S3ForKaraf.start(work, "s3-kill-access", SECRET, BUCKET);
                KarafProcess karaf = KarafProcess.copyOfDistribution("s3-kill")) {
            Path big = SourceFiles.writeIncompressible(karaf.home().resolve("big"), 256);
            try {
                killDuringUploadAndRestart(s3, karaf, big, work);
            } finally {
                PathUtils.deleteDirectory(big);
            }
        }
    }

    private void killDuringUploadAndRestart(S3ForKaraf s3, KarafProcess karaf, Path big, Path work)
            throws Exception {
        Files.writeString(karaf.etc().resolve("org.homeautomation.backup.cfg"),
                "sources = [ \"etc=${karaf.etc}\", \"big=" + big + "\" ]\n");
        Path secret = Files.writeString(work.resolve("secret"), SECRET + "\n");
        karaf.start();
        karaf.console("feature:install backup-agent-s3");
        Files.writeString(karaf.etc().resolve("org.homeautomation.backup.agent.s3-kill.cfg"), String.join("\n",
                "id = s3", "name = Kill test bucket", "bucket = " + BUCKET, "prefix = " + PREFIX, "region = us-east-1",
                "accessKey = s3-kill-access", "secretKeyFile = " + secret, "endpoint = " + s3.endpoint(),
                "pathStyle = true", "partSizeMiB = 8", "concurrency = 1", ""));
        Await.until("the s3 agent", DEADLINE,
                () -> ConsoleOutput.answer(karaf, "backup:agents").contains("Kill test bucket"),
                () -> ConsoleOutput.answer(karaf, "backup:agents"));

        Path bucket = s3.store().resolve(BUCKET);
        String first = ConsoleOutput.createdId(karaf.console("backup:create --agent s3 --content etc first"));
        Path foreign = Files.writeString(Files.createDirectories(bucket.resolve(PREFIX)).resolve("notes.txt"),
                "a person's object, not a backup");
        Set<String> before = files(bucket);

        CompletableFuture<String> create = CompletableFuture.supplyAsync(() -> ConsoleOutput.answer(karaf,
                "backup:create --agent s3 big"));
        awaitUploadUnderWay(bucket, before, create);
        karaf.kill9();
        Set<String> cutOff = new TreeSet<>(files(bucket));
        cutOff.removeAll(before);
        assertFalse("the kill left something of the upload in the bucket", cutOff.isEmpty());

        karaf.start();
        Await.until("the agent to remove what the killed upload left", DEADLINE,
                () -> files(bucket).equals(before), () -> "left: " + difference(files(bucket), before));
        assertTrue(Files.exists(foreign));
        assertEquals(Set.of(first), ConsoleOutput.listed(karaf));
        String after = ConsoleOutput.createdId(karaf.console("backup:create --agent s3 --content etc after"));
        assertEquals(Set.of(first, after), ConsoleOutput.listed(karaf));
    }

    /** Waits until parts of the upload have reached the store, polling fast. */
    private static void awaitUploadUnderWay(Path bucket, Set<String> before, CompletableFuture<String> create)
            throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (create.isDone()) {
                throw new AssertionError("backup:create ended before its upload was seen: " + create.join());
            }
            if (newBytes(bucket, before) >= KILL_AFTER_BYTES) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        throw new AssertionError("No upload seen in " + bucket + " within " + DEADLINE);
    }

    private static long newBytes(Path bucket, Set<String> before) throws IOException {
        long total = 0;
        try (Stream<Path> all = Files.walk(bucket)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                if (!before.contains(bucket.relativize(p).toString())) {
                    try {
                        total += Files.size(p);
                    } catch (IOException gone) {
                        // replaced between listing and reading
                    }
                }
            }
        }
        return total;
    }

    /** @return every file under the bucket's folder, relative to it (jclouds keeps parts and markers as files) */
    private static Set<String> files(Path bucket) {
        try (Stream<Path> all = Files.walk(bucket)) {
            return all.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of("cannot list " + bucket + ": " + e);
        }
    }

    private static Set<String> difference(Set<String> now, Set<String> before) {
        Set<String> d = new TreeSet<>(now);
        d.removeAll(before);
        return d;
    }
}
