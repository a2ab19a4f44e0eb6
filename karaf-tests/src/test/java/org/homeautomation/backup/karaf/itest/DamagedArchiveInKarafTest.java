package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A backup whose archive file was grown far beyond the size its metadata declares (here to 20 GiB, sparse, so it
 * costs no disk): {@code backup:download} and {@code backup:restore --yes} in a real Karaf both refuse it as damaged
 * at once, and neither writes more than the declared size into staging, the live folders or the download. And
 * {@code backup:verify}: a whole copy passes (for a person with the {@code manager} role too), a copy with one byte
 * flipped fails the command, naming the backup, the agent and what is wrong.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DamagedArchiveInKarafTest extends KarafWithBackupFeature {
    private static final long GROWN_SIZE = 20L << 30;

    @Test
    public void anArchiveGrownTo20GiBIsRefusedAsDamagedByDownloadAndRestore() throws Exception {
        ManagerView manager = new ManagerView(context);
        String name = "grown-" + UUID.randomUUID().toString().substring(0, 8);
        console.run("backup:create " + name);
        String id = manager.idOfBackupNamed(name);
        long declared = manager.sizeOf(id);
        Path base = Path.of(System.getProperty("karaf.base"));
        Path data = Path.of(System.getProperty("karaf.data"));
        Path archive = data.resolve("backups").resolve(id + ".tar");
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(GROWN_SIZE);
        }
        Path downloads = Files.createDirectories(base.resolve("downloads-" + id));
        // Where a restore or a download could write: staging, the folders beside the live etc and data, the download.
        LargestFileWatch watch = LargestFileWatch.start(List.of(data.resolve("backup").resolve("staging"), base,
                data, downloads), archive);
        try {
            KarafConsole.Result download = console.execute(KarafConsole.ADMIN,
                    "backup:download " + id + " " + downloads.resolve(id + ".tar"));
            assertDamaged("backup:download", download, id, declared);
            assertFalse("a refused download leaves no file", Files.exists(downloads.resolve(id + ".tar")));

            KarafConsole.Result restore = console.execute(KarafConsole.ADMIN, "backup:restore --yes " + id);
            assertDamaged("backup:restore --yes", restore, id, declared);
        } finally {
            watch.stop();
            console.run("backup:delete " + id);
        }
        assertTrue("a file of " + watch.largest.get() + " bytes was written, the backup declares " + declared,
                watch.largest.get() <= declared);
    }

    @Test
    public void verifyFindsTheNewestBackupWholeAndFailsOnAFlippedByte() throws Exception {
        ManagerView manager = new ManagerView(context);
        String name = "verify-" + UUID.randomUUID().toString().substring(0, 8);
        console.run("backup:create " + name);
        String id = manager.idOfBackupNamed(name);

        KarafConsole.Result whole = console.execute(KarafConsole.MANAGER, "backup:verify");
        assertNull("a manager may verify, and a whole copy passes; it printed: " + whole.output(), whole.failure());
        assertTrue(whole.output(), whole.output().contains("Verifying backup " + id));
        assertTrue(whole.output(), whole.output().contains("  local: ok: size, SHA-256 digest and "));
        assertTrue(whole.output(), whole.output().contains("Backup " + id + " verified: 1 copy whole."));

        Path archive = Path.of(System.getProperty("karaf.data"), "backups", id + ".tar");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        Files.write(archive, bytes);
        try {
            KarafConsole.Result damaged = console.execute(KarafConsole.ADMIN, "backup:verify --agent local " + id);
            assertNotNull("a damaged copy fails the command; it printed: " + damaged.output(), damaged.failure());
            String said = damaged.failure().getMessage();
            assertTrue(said, said.contains("Backup " + id + " is damaged or unreadable on local"));
            assertTrue(damaged.output(), damaged.output().contains("  local: DAMAGED"));
            assertTrue(damaged.output(), damaged.output().contains("digest mismatch: "));
            assertFalse("no stack trace reaches the person: " + damaged.output(),
                    damaged.output().contains("\tat org."));
        } finally {
            console.run("backup:delete " + id);
        }
    }
    private static void assertDamaged(String command, KarafConsole.Result result, String id, long declared) {
        assertNotNull(command + " must fail; it printed: " + result.output(), result.failure());
        String said = result.failure().getMessage() + "\n" + result.output();
        assertTrue(command + " said: " + said, said.contains(id) && said.contains("damaged")
                && said.contains("'local'") && said.contains(Long.toString(declared)));
    }

    /**
     * Records the largest regular file in some folders (the first one searched through, the others only one level
     * deep and in the hidden folders a restore stages in) while commands run, which remove their files when they
     * fail. The grown archive itself is left out.
     */
    private static final class LargestFileWatch {
        final AtomicLong largest = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private LargestFileWatch(List<Path> folders, Path excluded) {
            thread = new Thread(() -> {
                while (running.get()) {
                    for (int i = 0; i < folders.size(); i++) {
                        largest.accumulateAndGet(largestIn(folders.get(i), i == 0, excluded), Math::max);
                    }
                    Thread.onSpinWait();
                }
            }, "largest file watch");
        }

        static LargestFileWatch start(List<Path> folders, Path excluded) {
            LargestFileWatch watch = new LargestFileWatch(folders, excluded);
            watch.thread.start();
            return watch;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private static long largestIn(Path folder, boolean everything, Path excluded) {
            try (Stream<Path> files = everything ? Files.walk(folder) : Files.list(folder)) {
                return files.filter(p -> !p.equals(excluded))
                        .mapToLong(p -> Files.isDirectory(p) && p.getFileName().toString().contains(".restore-")
                                ? largestIn(p, true, excluded) : sizeOf(p))
                        .max().orElse(0);
            } catch (IOException | UncheckedIOException e) {
                return 0; // removed while looked at
            }
        }

        private static long sizeOf(Path file) {
            try {
                return Files.isRegularFile(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
