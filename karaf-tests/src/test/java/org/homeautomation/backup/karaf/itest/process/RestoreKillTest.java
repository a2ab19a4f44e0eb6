package org.homeautomation.backup.karaf.itest.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.homeautomation.backup.testsupport.Await;
import org.junit.Test;

/**
 * Bug 14 and bug 10 of the hardening issue, with kill -9 done to the real Karaf: a restore killed in the middle of
 * its swap is recovered at the next start although the manager's configuration is invalid then (every folder wholly
 * old or wholly new, nothing left beside it, the commands there); backups stay refused, naming the key, until the
 * file is fixed; and the record of which agent failed a backup survives the kill.
 */
public class RestoreKillTest {
    /** Enough top-level entries that the swap, one rename or two per entry, lasts long enough to be killed in. */
    private static final int FILES = 20_000;
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final String MANAGER_CFG = "org.homeautomation.backup.cfg";

    @Test
    public void aRestoreKilledMidSwapIsRecoveredAtTheNextStartEvenWithAnInvalidConfiguration() throws Exception {
        try (KarafProcess karaf = KarafProcess.copyOfDistribution("restore-kill")) {
            Path bulk = karaf.home().resolve("bulk");
            writeFiles(bulk, "old");
            String sources = "sources = [ \"etc=${karaf.etc}\", \"bulk=" + bulk + "\" ]\n";
            Files.writeString(karaf.etc().resolve(MANAGER_CFG), sources);
            // An agent whose drive is not mounted: every backup fails there, which the listing must keep showing.
            Files.writeString(karaf.etc().resolve("org.homeautomation.backup.agent.local-usb.cfg"),
                    "id = usb\ndirectory = " + karaf.home().resolve("not-mounted") + "\n");
            karaf.start();
            Await.until("the usb agent", DEADLINE,
                    () -> ConsoleOutput.answer(karaf, "backup:agents").contains("usb"),
                    () -> ConsoleOutput.answer(karaf, "backup:agents"));

            String created = karaf.console("backup:create --content bulk before-the-kill");
            String id = ConsoleOutput.createdId(created);
            assertTrue(created, created.contains("usb"));
            String before = karaf.console("backup:list");
            assertTrue("the failed agent is shown: " + before, before.contains(id) && before.contains("usb"));

            writeFiles(bulk, "new");
            Files.writeString(bulk.resolve("added-after-the-backup"), "new");
            Map<String, String> oldTree = expected("old", false);
            Map<String, String> newTree = expected("new", true);
            assertEquals(newTree, tree(bulk));

            CompletableFuture<String> restore = CompletableFuture.supplyAsync(() -> {
                try {
                    return karaf.console("backup:restore --yes --content bulk " + id);
                } catch (IOException e) {
                    return "connection lost: " + e;
                }
            });
            Path rollback = awaitSwapUnderWay(karaf.home(), restore);
            karaf.kill9();
            assertTrue("the kill came before the swap ended: " + rollback, Files.isDirectory(rollback));

            // Start again with a configuration that no longer parses.
            Files.writeString(karaf.etc().resolve(MANAGER_CFG), sources + "compressionLevel = abc\n");
            karaf.start();

            Await.until("the cut-off restore to be recovered", DEADLINE,
                    () -> leftovers(karaf.home()).isEmpty(), () -> leftovers(karaf.home()).toString());
            Map<String, String> after = tree(bulk);
            assertTrue("bulk is wholly the backup's or wholly the live tree, not a mix: " + summary(after),
                    after.equals(oldTree) || after.equals(newTree));

            String listed = karaf.console("backup:list");
            assertTrue("the commands are there and list the backup: " + listed, listed.contains(id));
            assertTrue("the failed agent is still named after the kill: " + listed, listed.contains("usb"));
            String refused = karaf.console("backup:create --content etc while-invalid");
            assertTrue("a backup is refused naming the key and value: " + refused,
                    refused.contains("compressionLevel") && refused.contains("abc"));

            Files.writeString(karaf.etc().resolve(MANAGER_CFG), sources);
            Await.until("a backup once the file is fixed", DEADLINE,
                    () -> ConsoleOutput.answer(karaf, "backup:create --content etc --agent local fixed")
                            .contains(" created"),
                    () -> ConsoleOutput.answer(karaf, "backup:status"));
        }
    }

    /** @return what the command printed, or why the console could not be reached */

    /** Waits until the restore has begun to move entries aside, polling fast; returns the rollback folder. */
    private static Path awaitSwapUnderWay(Path parent, CompletableFuture<String> restore) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (restore.isDone()) {
                throw new AssertionError("The restore ended before its swap was seen: " + restore.join());
            }
            try (Stream<Path> siblings = Files.list(parent)) {
                for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith("bulk.rollback-"))
                        .toList()) {
                    try (Stream<Path> moved = Files.list(p)) {
                        if (moved.findAny().isPresent()) {
                            return p;
                        }
                    } catch (IOException gone) {
                        // it was just removed: the restore ended; the next round says so
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        throw new AssertionError("No restore swap seen beside " + parent.resolve("bulk") + " within " + DEADLINE);
    }

    /** @return what a restore leaves beside the live folders until it is committed or rolled back */
    private static Set<String> leftovers(Path parent) {
        try (Stream<Path> siblings = Files.list(parent)) {
            return siblings.map(p -> p.getFileName().toString())
                    .filter(n -> n.equals(".backup-restore") || n.contains(".rollback-") || n.contains(".restore-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of("cannot list " + parent + ": " + e);
        }
    }

    private static void writeFiles(Path folder, String content) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < FILES; i++) {
            Files.writeString(folder.resolve(name(i)), content + " " + i);
        }
    }

    private static Map<String, String> expected(String content, boolean withAdded) {
        Map<String, String> tree = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            tree.put(name(i), content + " " + i);
        }
        if (withAdded) {
            tree.put("added-after-the-backup", "new");
        }
        return tree;
    }

    private static String name(int i) {
        return String.format("item-%05d.txt", i);
    }

    private static Map<String, String> tree(Path folder) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                assertFalse("only files are expected in " + folder + ": " + f, Files.isDirectory(f));
                tree.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return tree;
    }

    private static String summary(Map<String, String> tree) {
        long old = tree.values().stream().filter(v -> v.startsWith("old")).count();
        long fresh = tree.values().stream().filter(v -> v.startsWith("new")).count();
        return tree.size() + " files, " + old + " old, " + fresh + " new";
    }
}
