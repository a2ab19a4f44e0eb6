package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live folders lie on a small file system (a real tmpfs; the tests run as root): a restore that fits is done, one
 * that does not is refused before anything is unpacked, saying how much space it needs and where.
 */
class RestoreDiskSpaceTest {
    private static final int TMPFS_MIB = 96;
    private static final int BIG_MIB = 40;
    private static final Pattern NEED = Pattern.compile("need (\\d+) MiB at (\\S+), only (\\d+) MiB are free");

    @TempDir
    Path temp;

    private Path small;
    private boolean mounted;
    private RestoreBench bench;
    private Path staging;
    private Path sourceConfig;
    private Path sourceBig;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        small = Files.createDirectories(temp.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_MIB + "m", "tmpfs",
                small.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "mounting a tmpfs needs root: " + output);
        mounted = true;
        bench = new RestoreBench();
        staging = temp.resolve("staging");
        sourceConfig = Files.createDirectories(temp.resolve("source/config"));
        sourceBig = Files.createDirectories(temp.resolve("source/big"));
        Trees.file(sourceConfig, "settings.cfg", "port=8080\n");
        byte[] noise = new byte[BIG_MIB << 20];
        new Random(3).nextBytes(noise);
        Trees.file(sourceBig, "noise.bin", noise);
    }

    @AfterEach
    void unmount() throws Exception {
        if (bench != null) {
            bench.close();
        }
        if (mounted) {
            Process p = new ProcessBuilder("umount", small.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "umount: " + output);
        }
    }

    @Test
    void aRestoreThatFitsIsDone() throws Exception {
        BackupMetadata backup = bench.backup(sources(), List.of(), staging, List.of(), null);
        Path config = small.resolve("runtime/config");
        Trees.file(config, "settings.cfg", "port=9090\n");

        bench.restore(backup, staging).folder("config", config).run();

        assertEquals("port=8080\n", Files.readString(config.resolve("settings.cfg")));
    }

    @Test
    void aRestoreThatDoesNotFitIsRefusedSayingHowMuchItNeedsAndWhereAndNothingChanges() throws Exception {
        BackupMetadata backup = bench.backup(sources(), List.of(), staging, List.of(), null);
        Path runtime = small.resolve("runtime");
        Path config = runtime.resolve("config");
        Path big = runtime.resolve("big");
        Trees.file(config, "settings.cfg", "port=9090\n");
        Trees.file(big, "old.bin", "the old tree");
        Map<String, String> configBefore = Trees.snapshot(config, Trees.Detail.MODE, Trees.Detail.MTIME);
        Map<String, String> bigBefore = Trees.snapshot(big, Trees.Detail.MODE, Trees.Detail.MTIME);
        Object configInode = Files.getAttribute(config, "unix:ino", LinkOption.NOFOLLOW_LINKS);

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(backup, staging)
                .folder("config", config).folder("big", big).run());

        Matcher m = NEED.matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        assertTrue(Long.parseLong(m.group(1)) >= BIG_MIB, "the space needed includes the big content: "
                + e.getMessage());
        assertEquals(runtime.toString(), m.group(2), "where the restored files go");
        assertTrue(Long.parseLong(m.group(3)) <= TMPFS_MIB, e.getMessage());
        assertTrue(e.getMessage().contains(backup.id()) && e.getMessage().contains("Nothing was restored"),
                e.getMessage());
        assertEquals(configInode, Files.getAttribute(config, "unix:ino", LinkOption.NOFOLLOW_LINKS));
        assertEquals(configBefore, Trees.snapshot(config, Trees.Detail.MODE, Trees.Detail.MTIME));
        assertEquals(bigBefore, Trees.snapshot(big, Trees.Detail.MODE, Trees.Detail.MTIME));
        assertEquals(List.of("big", "big/old.bin", "config", "config/settings.cfg"), Trees.list(runtime),
                "nothing was unpacked and no journal was written");
        assertEquals(List.of(), Trees.list(staging), "the fetched archive is deleted");
    }

    private Map<String, Path> sources() {
        Map<String, Path> sources = new LinkedHashMap<>();
        sources.put("config", sourceConfig);
        sources.put("big", sourceBig);
        return sources;
    }
}
