package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.SourceTrees.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What callers rely on beyond the bytes: arguments checked, existing files kept, failures cleaned up. */
class ArchiveWriterContractTest {
    @TempDir
    Path temp;
    Path etc;
    Path target;
    final ArchiveWriter writer = new ArchiveWriter(3, 2, UnreadableFilePolicy.FAIL);

    @BeforeEach
    void tree() throws IOException {
        etc = Files.createDirectories(temp.resolve("etc"));
        file(etc, "a.txt", "a");
        file(etc, "b.txt", "b");
        target = temp.resolve("backup.tar");
    }

    private static ArchiveManifest manifest(String... contents) {
        return new ArchiveManifest("b1", "Contract", Instant.parse("2025-06-07T08:09:10Z"), false, 1, "",
                List.of(contents), Map.of());
    }

    @Test
    void anExistingTargetIsNeverOverwritten() throws IOException {
        Files.writeString(target, "precious");
        assertThrows(FileAlreadyExistsException.class,
                () -> writer.write(target, manifest("etc"), List.of(new ContentSource("etc", etc))));
        assertEquals("precious", Files.readString(target));
    }

    @Test
    void theManifestMustNameTheContentsInOrder() {
        List<ContentSource> two = List.of(new ContentSource("etc", etc), new ContentSource("more", etc));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> writer.write(target, manifest("more", "etc"), two));
        assertEquals("The manifest lists contents [more, etc] but the sources are [etc, more]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.write(target, manifest("etc", "etc"),
                List.of(new ContentSource("etc", etc), new ContentSource("etc", etc))));
        assertFalse(Files.exists(target));
    }

    @Test
    void settingsAndNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ArchiveWriter(99, 1, UnreadableFilePolicy.FAIL));
        assertThrows(IllegalArgumentException.class, () -> new ArchiveWriter(3, -1, UnreadableFilePolicy.FAIL));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> new ContentSource("../etc", etc));
        assertTrue(name.getMessage().startsWith("Invalid content name \"../etc\""), name.getMessage());
    }

    @Test
    void aMissingContentFolderFailsNamingItAndLeavesNoArchive() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> writer.write(target,
                manifest("etc", "gone"), List.of(new ContentSource("etc", etc),
                        new ContentSource("gone", temp.resolve("gone")))));
        assertEquals(temp.resolve("gone") + ": the folder of backup content 'gone' does not exist",
                e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aListenerCanCancelAndTheArchiveIsDeleted() {
        IOException stop = new IOException("cancelled by the user");
        IOException e = assertThrows(IOException.class, () -> writer.write(target, manifest("etc"),
                List.of(new ContentSource("etc", etc)), (content, path, size) -> {
                    if (path.equals("b.txt")) {
                        throw stop;
                    }
                }));
        assertSame(stop, e);
        assertFalse(Files.exists(target));
    }

    @Test
    void interruptingTheWritingThreadCancels() {
        try {
            assertThrows(InterruptedIOException.class, () -> writer.write(target, manifest("etc"),
                    List.of(new ContentSource("etc", etc)), (content, path, size) -> {
                        if (path.equals("a.txt")) {
                            Thread.currentThread().interrupt();
                        }
                    }));
        } finally {
            Thread.interrupted();
        }
        assertFalse(Files.exists(target));
    }

    @Test
    void theSameTreeGivesTheSameBytes() throws Exception {
        ArchiveSummary first = writer.write(target, manifest("etc"), List.of(new ContentSource("etc", etc)));
        Path second = temp.resolve("again.tar");
        ArchiveSummary again = writer.write(second, manifest("etc"), List.of(new ContentSource("etc", etc)));
        assertEquals(first, again);
        ArchiveReader.assertSummaryMatchesFile(again, second);
    }

    @Test
    void emptyContentsAndNoContentsMakeValidArchives() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        ArchiveSummary summary = writer.write(target, manifest("empty"), List.of(new ContentSource("empty", empty)));
        ArchiveReader.assertSummaryMatchesFile(summary, target);
        assertEquals(Map.of(), ArchiveReader.contentEntries(target, "empty"));
        SystemCommands.requireExecutable("/usr/bin/tar");
        SystemCommands.requireExecutable("/usr/bin/zstd");
        assertEquals("", SystemCommands.shell(temp, "mkdir x && tar -xf " + target + " -C x"
                + " && zstd -q -dc x/empty.tar.zst | tar -tf - 2>&1"));

        Path none = temp.resolve("none.tar");
        ArchiveReader.assertSummaryMatchesFile(writer.write(none, manifest(), List.of()), none);
        assertEquals(List.of("backup.json"), ArchiveReader.outerNames(none));
    }

    @Test
    void anArchiveWrittenIntoTheTreeItBacksUpLeavesItselfOut() throws Exception {
        Path inside = etc.resolve("backup.tar");
        ArchiveSummary summary = writer.write(inside, manifest("etc"), List.of(new ContentSource("etc", etc)));
        assertEquals(List.of("a.txt", "b.txt"), List.copyOf(ArchiveReader.contentEntries(inside, "etc").keySet()));
        ArchiveReader.assertSummaryMatchesFile(summary, inside);
    }

    @Test
    void aContentRootThatIsASymbolicLinkIsFollowed() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("etc-link"), etc);
        writer.write(target, manifest("etc"), List.of(new ContentSource("etc", link)));
        assertEquals(List.of("a.txt", "b.txt"), List.copyOf(ArchiveReader.contentEntries(target, "etc").keySet()));
    }
}
