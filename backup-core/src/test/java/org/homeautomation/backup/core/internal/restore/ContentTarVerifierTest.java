package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crafted tars that a restore must refuse, each checked by the verification pass and by the extraction pass on its
 * own (the extraction never relies on the verification), and tars it must accept.
 */
class ContentTarVerifierTest {
    @TempDir
    Path temp;

    static Stream<Arguments> unsafeTars() {
        return Stream.of(
                unsafe("parent segment", new TarBuilder().file("../evil", "x"), "../evil", "'..' segment"),
                unsafe("absolute name", new TarBuilder().file("/etc/passwd", "root::0:0"), "/etc/passwd",
                        "absolute path"),
                unsafe("parent segments reaching out", new TarBuilder().folder("a/").file("a/../../x", "x"),
                        "a/../../x", "'..' segment"),
                unsafe("parent segment staying inside", new TarBuilder().folder("a/").file("a/../b", "x"), "a/../b",
                        "'..' segment"),
                unsafe("empty name", new TarBuilder().file("", "x"), "", "empty name"),
                unsafe("NUL in a name", new TarBuilder().file("n".repeat(120) + "\0.txt", "x"),
                        "n".repeat(120) + "\0.txt", "NUL character"),
                unsafe("file named as the folder itself", new TarBuilder().file(".", "x"), ".",
                        "content's folder itself"),
                unsafe("symlink out by parent segments", new TarBuilder().symlink("l", "../../outside"), "l",
                        "points outside"),
                unsafe("symlink out from a sub-folder", new TarBuilder().folder("sub/").symlink("sub/l", "../../x"),
                        "sub/l", "points outside"),
                unsafe("symlink to an absolute path", new TarBuilder().symlink("l", "/etc"), "l",
                        "absolute path '/etc'"),
                unsafe("symlink with an empty target", new TarBuilder().symlink("l", ""), "l", "empty target"),
                unsafe("file through a symlink", new TarBuilder().folder("sub/").symlink("l", "sub")
                        .file("l/x", "written through the link"), "l/x", "goes through the symbolic link 'l'"),
                unsafe("symlink out through a chain of links", new TarBuilder().folder("deep/")
                        .symlink("deep/x", "..").symlink("s", "deep/x").symlink("t", "s/.."), "t", "points outside"),
                unsafe("symlink out through links that come later", new TarBuilder().symlink("t", "s/..")
                        .folder("deep/").symlink("deep/x", "..").symlink("s", "deep/x"), "t", "points outside"),
                unsafe("symlink out through a link to the folder itself", new TarBuilder().symlink("l", ".")
                        .symlink("m", "l/.."), "m", "points outside"),
                unsafe("hard link to outside", new TarBuilder().hardLink("h", "../outside"), "h",
                        "'..' segment in its hard link target"),
                unsafe("hard link to an absolute path", new TarBuilder().hardLink("h", "/etc/passwd"), "h",
                        "absolute path as its hard link target"),
                unsafe("hard link to a later file", new TarBuilder().hardLink("h", "later").file("later", "x"), "h",
                        "not an earlier regular file"),
                unsafe("hard link to a folder", new TarBuilder().folder("d/").hardLink("h", "d"), "h",
                        "not an earlier regular file"),
                unsafe("hard link to a symlink", new TarBuilder().symlink("l", "x").hardLink("h", "l"), "h",
                        "not an earlier regular file"),
                unsafe("named pipe", new TarBuilder().special("pipe", TarConstants.LF_FIFO), "pipe",
                        "named pipe (FIFO)"),
                unsafe("character device", new TarBuilder().special("tty", TarConstants.LF_CHR), "tty",
                        "character device"),
                unsafe("block device", new TarBuilder().special("sda", TarConstants.LF_BLK), "sda", "block device"),
                unsafe("unknown entry type", new TarBuilder().special("odd", (byte) 'Z'), "odd", "entry type 'Z'"),
                unsafe("GNU volume header", new TarBuilder().special("label", (byte) 'V'), "label",
                        "entry type 'V'"),
                unsafe("folder after a file of the same name", new TarBuilder().file("a", "x").folder("a/"), "a/",
                        "an earlier entry of the same name is a file"),
                unsafe("file after a folder of the same name", new TarBuilder().folder("a/").file("a", "x"), "a",
                        "an earlier entry of the same name is a folder"),
                unsafe("file after a symlink of the same name", new TarBuilder().symlink("a", "b").file("a", "x"),
                        "a", "an earlier entry of the same name is a symbolic link"),
                unsafe("file below a file", new TarBuilder().file("a", "x").file("a/b", "y"), "a/b",
                        "lies below 'a'"),
                unsafe("symlink where a folder was made for a child", new TarBuilder().file("a/b", "y")
                        .symlink("a", "/etc"), "a", "absolute path"),
                unsafe("symlink replacing an implicit folder", new TarBuilder().file("a/b", "y").symlink("a", "c"),
                        "a", "an earlier entry of the same name is a folder"));
    }

    private static Arguments unsafe(String what, TarBuilder tar, String entry, String reason) {
        return Arguments.of(what, tar.bytes(), entry, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeTars")
    void verificationRefusesNamingTheContentAndTheEntryAndWritesNothing(String what, byte[] tar, String entry,
            String reason) throws IOException {
        Files.writeString(temp.resolve("before.txt"), "unchanged");
        List<String> before = Trees.list(temp);

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> new ContentTarVerifier().verify("etc", new ByteArrayInputStream(tar)), what);

        assertRefusal(e, entry, reason);
        assertEquals(before, Trees.list(temp));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeTars")
    void extractionRefusesTooAndWritesNothingOutsideItsFolder(String what, byte[] tar, String entry, String reason)
            throws IOException {
        Path parent = Files.createDirectories(temp.resolve("a/b/c"));
        Path target = Files.createDirectory(parent.resolve("target"));

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> new ContentExtractor().extract("etc", new ByteArrayInputStream(tar), target), what);

        assertRefusal(e, entry, reason);
        for (String path : Trees.list(temp)) {
            assertTrue(List.of("a", "a/b", "a/b/c").contains(path) || path.startsWith("a/b/c/target"),
                    "written outside the target: " + path);
        }
        Trees.assertMissing(target.resolve("sub/x"));
        Trees.assertMissing(target.resolve("l/x"));
    }

    private static void assertRefusal(UnsafeArchiveException e, String entry, String reason) {
        assertEquals("etc", e.content());
        assertEquals(entry, e.entry());
        assertTrue(e.getMessage().contains("content 'etc'"), e.getMessage());
        assertTrue(e.getMessage().contains("entry '" + UnsafeArchiveException.printable(entry) + "'"),
                e.getMessage());
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\0"), "control characters are escaped");
    }

    @Test
    void acceptsLinksThatStayInsideAndCountsEntriesAndBytes() throws Exception {
        byte[] tar = new TarBuilder().folder("./").folder("./a/").file("a/b.txt", "first")
                .folder("sub/").symlink("sub/up", "../a/b.txt").symlink("here", ".").symlink("sub/deeper", "../sub")
                .symlink("dangling", "does/not/exist").symlink("loop1", "loop2").symlink("loop2", "loop1")
                .symlink("through", "here/a/../sub/up").hardLink("hard", "./a/b.txt")
                .file("a/b.txt", "second, longer").file("x/y/implicit-parents.txt", "z").bytes();

        ContentCheck check = new ContentTarVerifier().verify("etc", new ByteArrayInputStream(tar));

        assertEquals(new ContentCheck("etc", 14, 5 + 14 + 1), check);
        assertEquals(20 + 14 * 4096, check.bytesNeeded());
    }

    @Test
    void readsTheWholeStreamAndLeavesItOpen() throws Exception {
        byte[] tar = new TarBuilder().file("a.txt", "data").bytes();
        byte[] padded = Arrays.copyOf(tar, tar.length + 10240);
        ByteArrayInputStream in = new ByteArrayInputStream(padded) {
            @Override
            public void close() {
                throw new AssertionError("the caller's stream must not be closed");
            }
        };

        new ContentTarVerifier().verify("etc", in);

        assertEquals(0, in.available());
    }

    @Test
    void aTruncatedTarIsAnIoErrorNotAnUnsafeArchive() {
        byte[] tar = new TarBuilder().file("big.bin", new byte[100_000], 0644).bytes();
        InputStream cut = new ByteArrayInputStream(Arrays.copyOf(tar, 50_000));

        assertThrows(IOException.class, () -> new ContentTarVerifier().verify("etc", cut));
    }

    @Test
    void bytesNeededSaturatesInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, new ContentCheck("etc", Long.MAX_VALUE / 2, Long.MAX_VALUE / 2).bytesNeeded());
    }

    @Test
    void printableEscapesControlCharacters() {
        assertEquals("a\\x00b\\x0ac", UnsafeArchiveException.printable("a\0b\nc"));
        assertEquals("ü/日本", UnsafeArchiveException.printable("ü/日本"));
    }
}
