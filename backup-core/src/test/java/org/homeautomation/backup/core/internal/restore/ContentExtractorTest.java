package org.homeautomation.backup.core.internal.restore;

import org.homeautomation.backup.core.internal.archive.SourceTrees;
import static org.homeautomation.backup.core.internal.restore.Trees.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks tars made by the real GNU tar from a tree on disk and compares the result with the tree: names, types,
 * data, permission bits (set-id included), owners when running as root, modification times and link targets.
 */
class ContentExtractorTest {
    private static final Instant OLD = Instant.parse("2003-04-05T06:07:08Z");

    @TempDir
    Path temp;
    Path source;
    boolean root;

    @BeforeEach
    void sourceTree() throws Exception {
        root = Trees.runningAsRoot(temp);
        source = Files.createDirectories(temp.resolve("src"));
        SourceTrees.mode(file(source, "etc/openhab.cfg", "org.openhab.core:port=8080\n"), 0600);
        SourceTrees.mode(file(source, "etc/run.sh", "#!/bin/sh\necho hi\n"), 0755);
        SourceTrees.mode(file(source, "etc/setuid-tool", "binary"), 04755);
        SourceTrees.mode(file(source, "etc/setgid-sticky", "binary"), 03750);
        file(source, "etc/things/zwave.things", "Thing zwave:device:1 \"Plug\"\n");
        SourceTrees.mode(source.resolve("etc"), 0750);
        SourceTrees.mode(Files.createDirectories(source.resolve("empty/nested-empty")), 0700);
        SourceTrees.mode(source.resolve("empty"), 0555);
        file(source, "a/b/c/d/deep.txt", "deep");
        file(source, "n".repeat(130) + ".items", "long name");
        if ("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))) {
            file(source, "Grüße/日本語.txt", "non-ASCII");
        }
        file(source, "zero.txt", new byte[0]);
        byte[] big = new byte[3 * 1024 * 1024 + 5];
        new SplittableRandom(7).nextBytes(big);
        file(source, "persistence/big.bin", big);
        Files.createSymbolicLink(source.resolve("link-relative"), Path.of("etc/openhab.cfg"));
        Files.createSymbolicLink(source.resolve("link-dir"), Path.of("etc/things"));
        Files.createSymbolicLink(source.resolve("link-dangling"), Path.of("does/not/exist"));
        Files.createSymbolicLink(source.resolve("a/b/link-up"), Path.of("../../etc/run.sh"));
        Files.createLink(source.resolve("etc/run-hard.sh"), source.resolve("etc/run.sh"));
        if (root) {
            Path owned = file(source, "owned-by-1234.txt", "numeric owner");
            Files.setAttribute(owned, "unix:uid", 1234);
            Files.setAttribute(owned, "unix:gid", 4321);
            SourceTrees.mode(owned, 04710);
        }
        Trees.oldTimes(source, OLD);
    }

    @Test
    void gnuTarWithDotSlashNamesRoundTrips() throws Exception {
        byte[] tar = gnuTar("tar --format=pax -cf - -C src .");
        assertTrue(names(tar).contains("./etc/openhab.cfg"), "GNU tar wrote ./ names");
        Path target = Files.createDirectory(temp.resolve("restored"));

        ContentCheck check = new ContentExtractor().extract("userdata", new ByteArrayInputStream(tar), target);

        // The "./" entry carries the source folder's own attributes, which land on the target.
        assertEquals(expected(source), Trees.snapshot(target, details()));
        assertHardLinked(target);
        assertEquals(check, new ContentTarVerifier().verify("userdata", new ByteArrayInputStream(tar)));
    }

    @Test
    void gnuTarWithPlainNamesAsOurArchiverWritesThemRoundTrips() throws Exception {
        byte[] tar = gnuTar("cd src && ls -A | tar --format=pax -cf - -T -");
        assertTrue(names(tar).contains("etc/openhab.cfg") && names(tar).contains("etc/"), names(tar).toString());
        Path target = Files.createDirectory(temp.resolve("restored"));

        new ContentExtractor().extract("userdata", new ByteArrayInputStream(tar), target);

        Map<String, String> expected = expected(source);
        Map<String, String> actual = Trees.snapshot(target, details());
        // No entry for the folder itself: it keeps what the caller made it with.
        expected.remove("");
        actual.remove("");
        assertEquals(expected, actual);
        assertHardLinked(target);
    }

    @Test
    void setIdBitsAndOwnersComeBackWhenRunningAsRoot() throws Exception {
        Path target = Files.createDirectory(temp.resolve("restored"));

        new ContentExtractor().extract("etc", new ByteArrayInputStream(gnuTar("tar --format=pax -cf - -C src .")),
                target);

        assertEquals(root ? 04755 : 0755, SourceTrees.modeOf(target.resolve("etc/setuid-tool")));
        assertEquals(root ? 03750 : 01750, SourceTrees.modeOf(target.resolve("etc/setgid-sticky")));
        assertEquals(0555, SourceTrees.modeOf(target.resolve("empty")));
        if (root) {
            assertEquals(1234, Files.getAttribute(target.resolve("owned-by-1234.txt"), "unix:uid"));
            assertEquals(4321, Files.getAttribute(target.resolve("owned-by-1234.txt"), "unix:gid"));
            assertEquals(04710, SourceTrees.modeOf(target.resolve("owned-by-1234.txt")));
        }
    }

    @Test
    void aLaterEntryOfTheSameNameReplacesTheEarlierOne() throws Exception {
        byte[] tar = new TarBuilder().file("a.txt", "first").hardLink("b.txt", "a.txt").symlink("l", "a.txt")
                .file("a.txt", "second").symlink("l", "b.txt").folder("d/").folder("d/").bytes();
        Path target = Files.createDirectory(temp.resolve("restored"));

        new ContentExtractor().extract("etc", new ByteArrayInputStream(tar), target);

        assertEquals("second", Files.readString(target.resolve("a.txt")));
        assertEquals("first", Files.readString(target.resolve("b.txt")), "the hard link keeps the first file");
        assertEquals(Path.of("b.txt"), Files.readSymbolicLink(target.resolve("l")));
    }

    @Test
    void aPathThroughAnEarlierLinkIsRefusedBeforeAnythingIsWrittenThere() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        byte[] tar = new TarBuilder().file("ok.txt", "fine").symlink("l", "sub").folder("sub/")
                .file("l/x", "through the link").bytes();
        Path target = Files.createDirectory(temp.resolve("restored"));

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> new ContentExtractor().extract("etc", new ByteArrayInputStream(tar), target));

        assertEquals("l/x", e.entry());
        assertEquals(List.of("l", "ok.txt", "sub"), Trees.list(target));
        assertEquals(List.of(), Trees.list(outside));
    }

    @Test
    void refusesATargetThatIsNotAnEmptyFolder() throws Exception {
        Path target = Files.createDirectory(temp.resolve("restored"));
        file(target, "already.txt", "here");
        byte[] tar = new TarBuilder().file("a.txt", "x").bytes();

        assertThrows(FileAlreadyExistsException.class,
                () -> new ContentExtractor().extract("etc", new ByteArrayInputStream(tar), target));
        Path link = Files.createSymbolicLink(temp.resolve("link"), Files.createDirectory(temp.resolve("empty")));
        assertThrows(IOException.class,
                () -> new ContentExtractor().extract("etc", new ByteArrayInputStream(tar), link));
        assertEquals(List.of(), Trees.list(temp.resolve("empty")));
    }

    @Test
    void readsTheStreamToItsEndWithoutClosingIt() throws Exception {
        byte[] tar = gnuTar("tar --format=pax -cf - -C src .");
        ByteArrayInputStream in = new ByteArrayInputStream(tar) {
            @Override
            public void close() {
                throw new AssertionError("the caller's stream must not be closed");
            }
        };

        new ContentExtractor().extract("etc", in, Files.createDirectory(temp.resolve("restored")));

        assertEquals(0, in.available());
    }

    private Trees.Detail[] details() {
        return root ? new Trees.Detail[] {Trees.Detail.MODE, Trees.Detail.OWNER, Trees.Detail.MTIME}
                : new Trees.Detail[] {Trees.Detail.MODE, Trees.Detail.MTIME};
    }

    private Map<String, String> expected(Path tree) throws IOException {
        Map<String, String> expected = Trees.snapshot(tree, details());
        if (!root) {
            // Without root, owners stay the restoring user's, and set-id bits are dropped with them.
            expected.replaceAll((path, line) -> line.replace("mode=4755", "mode=755")
                    .replace("mode=3750", "mode=1750"));
        }
        return expected;
    }

    private static void assertHardLinked(Path target) throws IOException {
        Object original = Files.readAttributes(target.resolve("etc/run.sh"),
                java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        Object link = Files.readAttributes(target.resolve("etc/run-hard.sh"),
                java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        assertEquals(original, link, "a hard link in the tar comes back as a hard link");
    }

    private byte[] gnuTar(String script) throws Exception {
        Path tarCommand = Path.of("/usr/bin/tar");
        assertTrue(Files.isExecutable(tarCommand) || Files.isExecutable(Path.of("/bin/tar")),
                "GNU tar is needed: apt-get install tar");
        Path out = temp.resolve("out-" + System.nanoTime() + ".tar");
        Process process = new ProcessBuilder("/bin/bash", "-o", "pipefail", "-c", script + " > " + out)
                .directory(temp.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "tar timed out");
        assertEquals(0, process.exitValue(), script + ": " + output);
        byte[] tar = Files.readAllBytes(out);
        Files.delete(out);
        return tar;
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(tar);
                var reader = TarEntryRules.open(in)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
            while ((e = reader.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
