package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.RestoreOptions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Files in an agent's folder that the backup manager did not write: another program's, a damaged disk's, someone's
 * who means harm. A bad one is reported or skipped; it never stops the agent's other backups from being listed,
 * and never makes the manager read or write without end.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileAgentFilesTest {
    private static final String FOREIGN_ID = "20200101-000000-0badf00d";
    private static final char[] PASSWORD = "hostile files test".toCharArray();
    /** A file grown to this size costs no disk: it is sparse. */
    private static final long GROWN_SIZE = 20L << 30;
    /** Reading 20 GiB takes minutes; stopping at the declared size takes moments. */
    private static final Duration QUICKLY = Duration.ofSeconds(30);

    @Rule
    public final Osgi osgi = new Osgi(HostileAgentFilesTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(HostileAgentFilesTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(HostileAgentFilesTest.class);
    }

    @Test
    public void aDeeplyNestedSidecarIsSkippedAndTheOtherBackupsAreStillListed() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        String kept = backups.run(BackupRequest.builder("Kept").agents(Backups.LOCAL).build()).backupId();
        Path agentFolder = backups.localAgentFolder();
        // 5,000 '[': 5 KB, far under the sidecar size cap, and deep enough to overflow a recursive parser's stack.
        Files.writeString(agentFolder.resolve(FOREIGN_ID + ".json"), "[".repeat(5_000));
        Files.writeString(agentFolder.resolve(FOREIGN_ID + ".tar"), "not an archive");

        BackupListing listing = backups.manager().list();

        assertEquals("the agent lists: " + listing.agentErrors(), Map.of(), listing.agentErrors());
        assertTrue(listing.toString(), listing.backups().stream().anyMatch(b -> b.id().equals(kept)));
        assertFalse(listing.toString(), listing.backups().stream().anyMatch(b -> b.id().equals(FOREIGN_ID)));
        for (ThrowingCall call : new ThrowingCall[] { () -> backups.manager().get(FOREIGN_ID),
                () -> backups.manager().download(FOREIGN_ID, Backups.LOCAL),
                () -> backups.manager().download(FOREIGN_ID, null),
                () -> backups.manager().restore(FOREIGN_ID, RestoreOptions.builder().build()) }) {
            BackupException e = assertThrows(BackupException.class, call::run);
            assertTrue(e.getMessage(), e.getMessage().contains(FOREIGN_ID));
        }
        assertEquals(kept, backups.manager().get(kept).id());
    }

    @Test
    public void anArchiveGrownTo20GiBIsReportedDamagedAtItsDeclaredSizeInDownloadAndRestore() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        Map<String, String> before = SystemTools.tree(home);
        Path staging = folder.newFolder("staging").toPath();
        backups.configureSource("home", home, Map.of("stagingDirectory", staging.toString()));
        BackupResult result = backups.run(BackupRequest.builder("Grown").agents(Backups.LOCAL).build());
        String id = result.backupId();
        long declared = backups.manager().get(id).metadata().size();
        try (RandomAccessFile archive = new RandomAccessFile(backups.localArchive(id).toFile(), "rw")) {
            archive.setLength(GROWN_SIZE);
        }

        try {
            long started = System.nanoTime();
            CountingSink sink = new CountingSink();
            IOException download;
            try (InputStream in = backups.manager().download(id, Backups.LOCAL)) {
                download = assertThrows(IOException.class, () -> in.transferTo(sink));
            }
            assertDamaged(download.getMessage(), id, declared);
            assertTrue("passed on " + sink.count + " bytes of a backup of " + declared, sink.count <= declared);

            StagingWatch watch = StagingWatch.start(staging);
            BackupException restore;
            try {
                restore = assertThrows(BackupException.class, () -> backups.manager().restore(id,
                        RestoreOptions.builder().agent(Backups.LOCAL).build()));
            } finally {
                watch.stop();
            }
            assertDamaged(restore.getMessage(), id, declared);
            assertTrue("staging held a file of " + watch.largest.get() + " bytes, the backup declares " + declared,
                    watch.largest.get() <= declared);
            assertEquals("the live folder is untouched", before, SystemTools.tree(home));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue("download and restore took " + took, took.compareTo(QUICKLY) < 0);
        } finally {
            backups.manager().delete(id, Set.of());
        }
    }

    @Test
    public void anArchiveOfAnotherBackupUnderThisIdIsRefusedByRestoreAndProtectedDownload() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        BackupRequest request = BackupRequest.builder("Twin").agents(Backups.LOCAL).password(PASSWORD).build();
        String original = backups.run(request).backupId();
        String target = backups.run(request).backupId();
        // Backup original's archive under target's id, with a sidecar that matches its bytes: digests pass.
        BackupMetadata originalMetadata = backups.manager().get(original).metadata();
        BackupMetadata forged = backups.manager().get(target).metadata().toBuilder()
                .size(originalMetadata.size()).sha256(originalMetadata.sha256()).build();
        Path agentFolder = backups.localAgentFolder();
        Files.copy(backups.localArchive(original), agentFolder.resolve(target + ".tar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(agentFolder.resolve(target + ".json"), forged.toJson(), StandardCharsets.UTF_8);

        BackupException restore = assertThrows(BackupException.class, () -> backups.manager().restore(target,
                RestoreOptions.builder().agent(Backups.LOCAL).password(PASSWORD).build()));
        assertForeign(restore.getMessage(), target, original);
        BackupException download = assertThrows(BackupException.class,
                () -> backups.manager().download(target, Backups.LOCAL, PASSWORD.clone()));
        assertForeign(download.getMessage(), target, original);
    }

    private static void assertDamaged(String message, String id, long declared) {
        assertTrue(message, message.contains(id) && message.contains("'" + Backups.LOCAL + "'")
                && message.contains("damaged") && message.contains(Long.toString(declared)));
    }

    private static void assertForeign(String message, String target, String original) {
        assertTrue(message, message.contains("Backup " + target + " on agent '" + Backups.LOCAL + "' is damaged")
                && message.contains("is backup " + original));
    }

    /** A call expected to throw. */
    private interface ThrowingCall {
        void run() throws Exception;
    }

    /** Counts what it is given and keeps nothing. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Records the largest file in the staging folder while a restore runs, which removes its files at the end. */
    private static final class StagingWatch {
        final AtomicLong largest = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private StagingWatch(Path staging) {
            thread = new Thread(() -> {
                while (running.get()) {
                    largest.accumulateAndGet(largestFile(staging), Math::max);
                    Thread.onSpinWait();
                }
            }, "staging watch");
        }

        static StagingWatch start(Path staging) {
            StagingWatch watch = new StagingWatch(staging);
            watch.thread.start();
            return watch;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private static long largestFile(Path root) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.mapToLong(p -> {
                    try {
                        return Files.isRegularFile(p) ? Files.size(p) : 0;
                    } catch (IOException e) {
                        return 0; // removed while looked at
                    }
                }).max().orElse(0);
            } catch (IOException | java.io.UncheckedIOException e) {
                return 0; // a folder removed while walked
            }
        }
    }
}
