package org.homeautomation.backup.karaf.itest.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.io.file.PathUtils;
import org.homeautomation.backup.testsupport.Await;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Bug 9: a kill -9 of the real Karaf during an upload to the local agent must not leave files in its folder for ever.
 * The staging folder is put on another file system (/dev/shm) than the agent's folder, so that the agent copies the
 * archive instead of hard-linking it and the upload lasts long enough to be killed in the middle.
 */
public class LocalAgentCrashTest {
    private static final Pattern TEMP_FILE = Pattern.compile("\\.(.+)\\.(tar|json)\\.[0-9a-f]{16}\\.partial");
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    /** The agent cleans up when it is created, before KarafProcess.start() returns; this only allows for slowness. */
    private static final Duration CLEANUP_DEADLINE = Duration.ofSeconds(30);
    /** What a person may keep in the folder; the agent must leave it alone. */
    private static final List<String> FOREIGN = List.of("holiday-photos.zip", "notes.txt", ".my-settings",
            "Old Backup.tar");

    private Path staging;

    @Before
    public void stagingOnAnotherFileSystem() throws IOException {
        Path shm = Path.of("/dev/shm");
        assertTrue("This test needs /dev/shm (a tmpfs) for the staging folder", Files.isDirectory(shm));
        staging = Files.createTempDirectory(shm, "backup-staging-");
    }

    @After
    public void removeStaging() throws IOException {
        PathUtils.deleteDirectory(staging);
    }

    @Test
    public void aKillDuringAnUploadLeavesNoFileBehindOnceKarafIsBackAndBackupsWorkOn() throws Exception {
        try (KarafProcess karaf = KarafProcess.copyOfDistribution("local-agent-crash")) {
            Path big = SourceFiles.writeIncompressible(karaf.home().resolve("big-source"), 256);
            try {
                killDuringUploadAndRestart(karaf, big);
            } finally {
                // The runtime's folder stays for a look after a failure; the quarter gigabyte of noise need not.
                PathUtils.deleteDirectory(big);
            }
        }
    }

    private void killDuringUploadAndRestart(KarafProcess karaf, Path big) throws Exception {
        Files.writeString(karaf.etc().resolve("org.homeautomation.backup.config"),
                "sources=[\"etc=" + karaf.etc() + "\",\"big=" + big + "\"]\n"
                        + "stagingDirectory=\"" + staging + "\"\n");
        Path folder = karaf.data().resolve("backups");
        karaf.start();

        String first = ConsoleOutput.createdId(karaf.console("backup:create --content etc first"));
        Set<String> listedBefore = ConsoleOutput.listed(karaf);
        assertEquals(Set.of(first), listedBefore);

        CompletableFuture<String> bigBackup = CompletableFuture.supplyAsync(() -> {
            try {
                return karaf.console("backup:create big");
            } catch (IOException e) {
                return "connection lost: " + e;
            }
        });
        Path cutShort = awaitTempFile(folder, bigBackup);
        karaf.kill9();
        assertTrue("the kill left the upload's temporary file " + cutShort, Files.exists(cutShort));
        String cutShortId = idOf(cutShort);
        assertFalse("the kill came after the upload ended", Files.exists(folder.resolve(cutShortId + ".json")));

        // A kill one step later, between the archive's rename and the sidecar's, leaves a whole archive without
        // sidecar. Planted as the agent names it, older than any upload.
        String orphan = "20261201-031500-0badc0de";
        Files.copy(folder.resolve(first + ".tar"), folder.resolve(orphan + ".tar"));
        Files.setLastModifiedTime(folder.resolve(orphan + ".tar"),
                FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        for (String name : FOREIGN) {
            Files.writeString(folder.resolve(name), "a person's file, not a backup");
        }

        karaf.start();

        Await.until("the leftovers of the killed upload to be removed", CLEANUP_DEADLINE,
                () -> leftovers(folder).isEmpty(), () -> leftovers(folder).toString());
        assertEquals(listedBefore, ConsoleOutput.listed(karaf));
        for (String name : FOREIGN) {
            assertTrue(name + " is a person's file and must stay", Files.exists(folder.resolve(name)));
        }

        String after = ConsoleOutput.createdId(karaf.console("backup:create --content etc after"));
        assertEquals(Set.of(first, after), ConsoleOutput.listed(karaf));
        assertTrue(Files.exists(folder.resolve(after + ".tar")));
        assertTrue(Files.exists(folder.resolve(after + ".json")));
        assertEquals(Set.of(), leftovers(folder));
    }

    /** Waits for the agent's temporary file of an upload that has written some data, polling fast. */
    private static Path awaitTempFile(Path folder, CompletableFuture<String> create) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (create.isDone()) {
                throw new AssertionError("backup:create ended before its upload was seen: " + create.join());
            }
            Optional<Path> temp = files(folder).stream()
                    .filter(name -> TEMP_FILE.matcher(name).matches() && name.contains(".tar."))
                    .map(folder::resolve)
                    .filter(file -> sizeOf(file) > 0)
                    .findFirst();
            if (temp.isPresent()) {
                return temp.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        throw new AssertionError("No upload to the local agent seen in " + folder + " within " + DEADLINE);
    }

    /** @return temporary files of the agent and archives without sidecar */
    private static Set<String> leftovers(Path folder) {
        Set<String> names = files(folder);
        return names.stream()
                .filter(name -> TEMP_FILE.matcher(name).matches()
                        || name.endsWith(".tar")
                                && ConsoleOutput.BACKUP_ID.matcher(name.replace(".tar", "")).matches()
                                && !names.contains(name.replace(".tar", ".json")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String idOf(Path tempFile) {
        Matcher matcher = TEMP_FILE.matcher(tempFile.getFileName().toString());
        assertTrue(matcher.matches());
        return matcher.group(1);
    }

    private static Set<String> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}
