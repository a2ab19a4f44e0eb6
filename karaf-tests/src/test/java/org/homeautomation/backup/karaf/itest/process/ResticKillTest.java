package org.homeautomation.backup.karaf.itest.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.io.file.PathUtils;
import org.homeautomation.backup.karaf.itest.ResticRepositoryFolder;
import org.homeautomation.backup.testsupport.Await;
import org.homeautomation.backup.testsupport.Preconditions;
import org.junit.Assume;
import org.junit.Test;

/**
 * Issue 12's crash safety in the real runtime: a kill -9 of Karaf while the restic agent uploads leaves no snapshot
 * and a repository that the stock {@code restic check} passes; once Karaf is back, the same backup made again reuses
 * the packs the killed upload finished, and the stock restic lists it.
 */
public class ResticKillTest {
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final String PASSWORD = "restic-kill-" + UUID.randomUUID();
    private static final int BIG_MIB = 128;
    /** The upload is killed once this much is in finished packs. */
    private static final long KILL_AFTER_BYTES = 24L << 20;
    /** restic check reads the whole index and every pack's header. */
    private static final Duration RESTIC_TIMEOUT = Duration.ofMinutes(5);

    @Test
    public void aKillDuringAResticUploadLeavesACheckableRepositoryAndTheNextBackupReusesItsPacks() throws Exception {
        String restic = "The stock restic command is not installed (apt-get install restic)";
        Assume.assumeTrue(restic, Preconditions.hold(ResticRepositoryFolder.resticAvailable(), restic));
        try (KarafProcess karaf = KarafProcess.copyOfDistribution("restic-kill")) {
            Path big = SourceFiles.writeIncompressible(karaf.home().resolve("big"), BIG_MIB);
            try {
                killDuringUploadAndRestart(karaf, big);
            } finally {
                PathUtils.deleteDirectory(big);
            }
        }
    }

    private void killDuringUploadAndRestart(KarafProcess karaf, Path big) throws Exception {
        Path repository = karaf.home().resolve("restic-repository");
        Path passwordFile = Files.writeString(karaf.home().resolve("restic-password"), PASSWORD + "\n");
        Files.writeString(karaf.etc().resolve("org.homeautomation.backup.cfg"),
                "sources = [ \"etc=${karaf.etc}\", \"big=" + big + "\" ]\n");
        karaf.start();
        karaf.console("feature:install backup-agent-restic");
        Files.writeString(karaf.etc().resolve("org.homeautomation.backup.agent.restic-usb.cfg"), String.join("\n",
                "id = usb", "name = restic on USB", "repository = " + repository, "passwordFile = " + passwordFile,
                "initialize = true", ""));
        Await.until("the restic agent", DEADLINE,
                () -> ConsoleOutput.answer(karaf, "backup:agents").contains("restic on USB"),
                () -> ConsoleOutput.answer(karaf, "backup:agents"));

        String first = ConsoleOutput.createdId(karaf.console("backup:create --agent usb --content etc first"));
        CompletableFuture<String> create = CompletableFuture.supplyAsync(() -> ConsoleOutput.answer(karaf,
                "backup:create --agent usb --content big big"));
        Await.until(KILL_AFTER_BYTES + " bytes of finished packs", DEADLINE,
                () -> create.isDone() || packBytesWhileWriting(repository) >= KILL_AFTER_BYTES,
                () -> packBytesWhileWriting(repository) + " bytes");
        assertFalse("the big backup ended before it could be killed: " + (create.isDone() ? create.join() : ""),
                create.isDone());
        karaf.kill9();
        long leftBehind = ResticRepositoryFolder.packBytes(repository);

        String snapshots = ResticRepositoryFolder.restic(repository, passwordFile, RESTIC_TIMEOUT, "snapshots",
                "--json");
        assertEquals("only the first backup is a snapshot: " + snapshots, 1, count(snapshots, "\"short_id\""));
        // restic 0.14 refuses to check while the killed process's lock is there, stale or not
        ResticRepositoryFolder.restic(repository, passwordFile, RESTIC_TIMEOUT, "unlock");
        ResticRepositoryFolder.restic(repository, passwordFile, RESTIC_TIMEOUT, "check");

        karaf.start();
        Await.until("the restic agent after the restart", DEADLINE,
                () -> ConsoleOutput.answer(karaf, "backup:agents").contains("restic on USB"),
                () -> ConsoleOutput.answer(karaf, "backup:agents"));
        assertEquals(Set.of(first), ConsoleOutput.listed(karaf));

        String again = ConsoleOutput.createdId(karaf.console("backup:create --agent usb --content big again"));
        long added = ResticRepositoryFolder.packBytes(repository) - leftBehind;
        assertTrue("the backup made again reuses the " + leftBehind + " bytes of packs the killed one finished, yet"
                + " added " + added, added < (BIG_MIB << 20) - KILL_AFTER_BYTES / 2);
        assertEquals(Set.of(first, again), ConsoleOutput.listed(karaf));
        String listed = ResticRepositoryFolder.restic(repository, passwordFile, RESTIC_TIMEOUT, "snapshots",
                "--json");
        assertTrue("restic lists the backup made again: " + listed, listed.contains("backup-id=" + again));
        ResticRepositoryFolder.restic(repository, passwordFile, RESTIC_TIMEOUT, "check");
    }

    /** The packs' bytes while an upload renames packs into place: a walk that meets one moving counts 0. */
    private static long packBytesWhileWriting(Path repository) {
        try {
            return ResticRepositoryFolder.packBytes(repository);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
