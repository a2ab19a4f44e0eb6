package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.SourceTrees.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source files that cannot be read, made unreadable for real: removed after they were listed (as a temporary file of
 * a running runtime is), or bound to a sysfs attribute that the kernel refuses to open for reading even for root.
 */
class UnreadableFileTest {
    private static final ArchiveManifest MANIFEST = new ArchiveManifest("b1", "Unreadable", Instant.EPOCH, false, 1,
            "", List.of("etc"), Map.of());

    @TempDir
    Path temp;
    Path etc;
    Path target;
    final Mounts mounts = new Mounts();

    @BeforeEach
    void tree() throws Exception {
        etc = Files.createDirectories(temp.resolve("etc"));
        file(etc, "a.txt", "first");
        file(etc, "b/inside.txt", "in b");
        file(etc, "secret.txt", "to be made unreadable");
        file(etc, "z.txt", "last");
        target = temp.resolve("backup.tar");
    }

    @AfterEach
    void unmount() throws Exception {
        mounts.unmountAll();
    }

    /* Deletes secret.txt once its size was listed and right before it is opened. */
    private final ArchiveListener deleteSecret = (content, path, size) -> {
        if (path.equals("secret.txt")) {
            Files.delete(etc.resolve(path));
        }
    };

    @Test
    void failPolicyStopsNamingTheFileThatVanishedAndDeletesTheArchive() {
        UnreadableFileException e = assertThrows(UnreadableFileException.class,
                () -> writer(UnreadableFilePolicy.FAIL).write(target, MANIFEST, sources(), deleteSecret));
        assertEquals("etc", e.contentName());
        assertEquals("secret.txt", e.relativePath());
        assertTrue(e.getMessage().startsWith("Cannot read etc/secret.txt: it was deleted while the backup was"
                + " being written."), e.getMessage());
        assertFalse(Files.exists(target), "the incomplete archive is deleted");
    }

    @Test
    void skipPolicyLeavesTheVanishedFileOutWithAWarning() throws Exception {
        ArchiveSummary summary = writer(UnreadableFilePolicy.SKIP).write(target, MANIFEST, sources(), deleteSecret);
        assertEquals(List.of("Skipped etc/secret.txt: it was deleted while the backup was being written"),
                summary.warnings());
        assertEquals(List.of("a.txt", "b/", "b/inside.txt", "z.txt"), names());
        ArchiveReader.assertSummaryMatchesFile(summary, target);
    }

    @Test
    void aFolderThatVanishesBeforeItIsReadIsReportedToo() throws Exception {
        ArchiveListener deleteB = (content, path, size) -> {
            if (path.equals("a.txt")) {
                PathUtils.deleteDirectory(etc.resolve("b"));
            }
        };
        ArchiveSummary summary = writer(UnreadableFilePolicy.SKIP).write(target, MANIFEST, sources(), deleteB);
        assertEquals(List.of("Skipped etc/b: it was deleted while the backup was being written"),
                summary.warnings());
        assertEquals(List.of("a.txt", "secret.txt", "z.txt"), names());
    }

    @Test
    void failPolicyStopsOnAFileTheKernelRefusesToOpen() throws Exception {
        bindUnreadable();
        UnreadableFileException e = assertThrows(UnreadableFileException.class,
                () -> writer(UnreadableFilePolicy.FAIL).write(target, MANIFEST, sources()));
        assertTrue(e.getMessage().startsWith("Cannot read etc/secret.txt: permission denied."), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void skipPolicyLeavesOutAFileTheKernelRefusesToOpen() throws Exception {
        bindUnreadable();
        ArchiveSummary summary = writer(UnreadableFilePolicy.SKIP).write(target, MANIFEST, sources());
        assertEquals(List.of("Skipped etc/secret.txt: permission denied"), summary.warnings());
        assertEquals(List.of("a.txt", "b/", "b/inside.txt", "z.txt"), names());
    }

    private void bindUnreadable() throws Exception {
        Optional<Path> attribute = Mounts.writeOnlySysfsAttribute();
        SystemCommands.require(attribute.isPresent(), "No write-only attribute under /sys/bus to make an unreadable"
                + " file with");
        mounts.bind(attribute.get(), etc.resolve("secret.txt"));
        assertThrows(java.nio.file.AccessDeniedException.class, () -> Files.readAllBytes(etc.resolve("secret.txt")),
                "the bound file must be unreadable even for root");
    }

    private List<ContentSource> sources() {
        return List.of(new ContentSource("etc", etc));
    }

    private List<String> names() throws Exception {
        return new ArrayList<>(ArchiveReader.contentEntries(target, "etc").keySet());
    }

    private static ArchiveWriter writer(UnreadableFilePolicy policy) {
        return new ArchiveWriter(3, 1, policy);
    }
}
