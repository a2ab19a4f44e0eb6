package org.homeautomation.backup.agent.local.internal;

import static org.homeautomation.backup.agent.local.internal.TestArchives.MIB;
import static org.homeautomation.backup.agent.local.internal.TestArchives.fileNames;
import static org.homeautomation.backup.agent.local.internal.TestArchives.localFile;
import static org.homeautomation.backup.agent.local.internal.TestArchives.metadata;
import static org.homeautomation.backup.agent.local.internal.TestArchives.randomBytes;
import static org.homeautomation.backup.agent.local.internal.TestArchives.streamOnly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.agent.local.internal.TestArchives.RecordedProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalBackupAgentTest {
    @TempDir
    Path tmp;

    private Path folder() {
        return tmp.resolve("backups");
    }

    private LocalBackupAgent newAgent() {
        return new LocalBackupAgent("local", "Local backups", folder());
    }

    private static byte[] download(LocalBackupAgent agent, String backupId) throws Exception {
        try (InputStream in = agent.download(backupId)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aMissingFolderOfAnUnmountedDriveIsNotCreatedButUsedOnceItExists() throws Exception {
        Path mountPoint = Files.createDirectories(tmp.resolve("media/usb"));
        Path onDrive = mountPoint.resolve("backups");
        LocalBackupAgent agent = new LocalBackupAgent("usb", "USB drive", onDrive, false);

        assertFalse(Files.exists(onDrive), "the empty mount point must not get the folder");
        AgentUnavailableException e = assertThrows(AgentUnavailableException.class, agent::list);
        assertTrue(e.getMessage().contains("is the drive mounted?"), e.getMessage());
        byte[] content = randomBytes(100, 3);
        assertThrows(AgentUnavailableException.class,
                () -> agent.upload(streamOnly(content), metadata("20261128-101530-usb1", content),
                        new RecordedProgress()));
        assertFalse(Files.exists(onDrive), "a failed upload must not create the folder either");

        Files.createDirectories(onDrive); // the drive is mounted
        BackupMetadata stored = metadata("20261128-101530-usb2", content);
        agent.upload(streamOnly(content), stored, new RecordedProgress());
        assertEquals(List.of(stored), agent.list());
    }

    @Test
    void storesListsDownloadsAndDeletesABackup() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(3000, 1);
        BackupMetadata metadata = metadata("20261128-101530-abcd", content);

        agent.upload(streamOnly(content), metadata, new RecordedProgress());

        assertEquals(List.of(metadata), agent.list());
        assertEquals(metadata, agent.get(metadata.id()));
        assertArrayEquals(content, download(agent, metadata.id()));
        assertEquals(List.of("20261128-101530-abcd.json", "20261128-101530-abcd.tar"), fileNames(folder()));

        agent.delete(metadata.id());

        assertEquals(List.of(), agent.list());
        assertEquals(List.of(), fileNames(folder()));
        assertThrows(BackupNotFoundException.class, () -> agent.get(metadata.id()));
        assertThrows(BackupNotFoundException.class, () -> agent.download(metadata.id()));
        BackupNotFoundException second = assertThrows(BackupNotFoundException.class, () -> agent.delete(metadata.id()));
        assertEquals(metadata.id(), second.backupId());
        assertTrue(second.getMessage().contains("'local'"), second.getMessage());
    }

    @Test
    void createsAMissingFolder() {
        Path nested = tmp.resolve("a/b/backups");

        new LocalBackupAgent("local", "Local backups", nested);

        assertTrue(Files.isDirectory(nested));
    }

    @Test
    void hardLinksALocalArchiveOnTheSameFileSystem() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(3 * MIB, 2);
        Path source = Files.createDirectories(tmp.resolve("work")).resolve("archive.tar");
        Files.write(source, content);
        BackupMetadata metadata = metadata("linked", content);
        RecordedProgress progress = new RecordedProgress();

        agent.upload(localFile(source), metadata, progress);

        Path archive = folder().resolve("linked.tar");
        assertEquals(2, Files.getAttribute(source, "unix:nlink"), "source and archive share one inode");
        assertEquals(Files.readAttributes(source, BasicFileAttributes.class).fileKey(),
                Files.readAttributes(archive, BasicFileAttributes.class).fileKey());
        assertEquals(List.of((long) content.length), progress.values(), "one report at the full size");

        // The manager deletes its working copy; the stored backup must not depend on it.
        Files.delete(source);
        assertArrayEquals(content, download(agent, "linked"));
        assertEquals(1, Files.getAttribute(archive, "unix:nlink"));
    }

    @Test
    void copiesInChunksWhenTheArchiveIsNoLocalFile() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(2 * MIB + MIB / 2, 3);
        RecordedProgress progress = new RecordedProgress();

        agent.upload(streamOnly(content), metadata("copied", content), progress);

        assertEquals(List.of((long) MIB, 2L * MIB, (long) content.length), progress.values());
        assertEquals(1, Files.getAttribute(folder().resolve("copied.tar"), "unix:nlink"));
        assertArrayEquals(content, download(agent, "copied"));
    }

    @Test
    void reportsProgressOnceForAnEmptyArchive() throws Exception {
        LocalBackupAgent agent = newAgent();
        RecordedProgress progress = new RecordedProgress();

        agent.upload(streamOnly(new byte[0]), metadata("empty", new byte[0]), progress);

        assertEquals(List.of(0L), progress.values());
        assertArrayEquals(new byte[0], download(agent, "empty"));
    }

    @Test
    void aBackupBeingUploadedIsNeitherListedNorFound() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(2 * MIB, 4);
        List<BackupMetadata> listedMidway = new ArrayList<>();
        List<String> filesMidway = new ArrayList<>();
        List<String> getMidway = new ArrayList<>();
        BackupSource source = streamOnly(content, MIB, () -> {
            try {
                listedMidway.addAll(agent.list());
                filesMidway.addAll(fileNames(folder()));
                getMidway.add(agent.get("midway").toString());
            } catch (BackupNotFoundException e) {
                getMidway.add("not found");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        agent.upload(source, metadata("midway", content), new RecordedProgress());

        assertEquals(List.of(), listedMidway);
        assertEquals(List.of("not found"), getMidway);
        assertEquals(1, filesMidway.size(), filesMidway.toString());
        assertTrue(filesMidway.get(0).matches("\\.midway\\.tar\\.[0-9a-f]{16}\\.partial"), filesMidway.toString());
        assertEquals(List.of("midway"), agent.list().stream().map(BackupMetadata::id).toList());
    }

    @Test
    void temporaryFilesAreNotListed() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(100, 5);
        Files.write(folder().resolve(".x.tar.0123456789abcdef.partial"), content);
        Files.writeString(folder().resolve(".x.json.0123456789abcdef.partial"), metadata("x", content).toJson());

        assertEquals(List.of(), agent.list());
        assertThrows(BackupNotFoundException.class, () -> agent.get("x"));
    }

    @Test
    void removesOnlyItsOwnStaleTemporaryFilesWhenCreated() throws Exception {
        Files.createDirectories(folder());
        List<String> stale = List.of(".b1.tar.0123456789abcdef.partial", ".b1.json.fedcba9876543210.partial");
        List<String> kept = List.of(".b1.tar.partial", ".b1.tar.0123456789abcdef.part",
                "b1.tar.0123456789abcdef.partial", ".hidden", "notes.partial", ".B1.tar.0123456789abcdef.partial");
        for (String name : stale) {
            Files.writeString(folder().resolve(name), "half an upload");
        }
        for (String name : kept) {
            Files.writeString(folder().resolve(name), "not ours");
        }
        Files.createDirectory(folder().resolve(".b2.tar.0123456789abcdef.partial"));

        newAgent();

        List<String> expected = new ArrayList<>(kept);
        expected.add(".b2.tar.0123456789abcdef.partial");
        expected.sort(null);
        assertEquals(expected, fileNames(folder()));
    }

    @Test
    void removesAnArchiveACrashLeftWithoutItsSidecarWhenCreated() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(1000, 20);
        agent.upload(streamOnly(content), metadata("kept", content), new RecordedProgress());
        // What a kill -9 between the archive's rename and the sidecar's leaves.
        Files.write(folder().resolve("crashed.tar"), randomBytes(3 * MIB, 21));
        List<String> foreign = List.of("Crashed.tar", "photos.zip", "notes.txt", "crashed.tar.bak", ".crashed.tar",
                "x.json.tar.gz");
        for (String name : foreign) {
            Files.writeString(folder().resolve(name), "a person's file");
        }
        Files.createDirectory(folder().resolve("folder.tar"));
        Files.createSymbolicLink(folder().resolve("link.tar"), folder().resolve("notes.txt"));

        LocalBackupAgent restarted = newAgent();

        List<String> expected = new ArrayList<>(foreign);
        expected.addAll(List.of("folder.tar", "link.tar", "kept.json", "kept.tar"));
        expected.sort(null);
        assertEquals(expected, fileNames(folder()));
        assertEquals(List.of(metadata("kept", content)), restarted.list());
        assertArrayEquals(content, download(restarted, "kept"));
    }

    @Test
    void leavesTheFilesOfAnUploadStillRunningInThisRuntime() throws Exception {
        Files.createDirectories(folder());
        Path archive = folder().resolve("running.tar");
        Path temp = folder().resolve(".other.tar.0123456789abcdef.partial");
        Files.write(archive, randomBytes(100, 22));
        Files.write(temp, randomBytes(100, 23));
        UploadsInProgress uploads = UploadsInProgress.in(folder().toAbsolutePath().normalize());

        try (UploadsInProgress.Claim running = uploads.start("running");
                UploadsInProgress.Claim other = uploads.start("other")) {
            // Another agent on the same folder starts while both uploads run, e.g. after a configuration change.
            newAgent();
            assertTrue(Files.exists(archive), "the archive of a running upload is between its two renames");
            assertTrue(Files.exists(temp), "the temporary file of a running upload");
        }

        newAgent();
        assertEquals(List.of(), fileNames(folder()));
    }

    @Test
    void anUploadRunningWhileAnotherAgentStartsOnItsFolderIsStored() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(2 * MIB, 24);
        List<String> filesAfterRestart = new ArrayList<>();
        BackupSource source = streamOnly(content, MIB, () -> {
            newAgent();
            try {
                filesAfterRestart.addAll(fileNames(folder()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        agent.upload(source, metadata("busy", content), new RecordedProgress());

        assertEquals(1, filesAfterRestart.size(), filesAfterRestart.toString());
        assertTrue(filesAfterRestart.get(0).matches("\\.busy\\.tar\\.[0-9a-f]{16}\\.partial"),
                filesAfterRestart.toString());
        assertArrayEquals(content, download(agent, "busy"));
    }

    @Test
    void aSidecarWithoutArchiveIsNotListed() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(100, 6);
        agent.upload(streamOnly(content), metadata("orphan", content), new RecordedProgress());
        Files.delete(folder().resolve("orphan.tar"));

        assertEquals(List.of(), agent.list());
        assertThrows(BackupNotFoundException.class, () -> agent.get("orphan"));
        assertThrows(BackupNotFoundException.class, () -> agent.download("orphan"));
        assertThrows(BackupNotFoundException.class, () -> agent.delete("orphan"));

        // Not held, so it can be stored again; the new metadata replaces the orphan.
        byte[] other = randomBytes(200, 7);
        BackupMetadata replacement = metadata("orphan", other).toBuilder().name("Again").build();
        agent.upload(streamOnly(other), replacement, new RecordedProgress());
        assertEquals(List.of(replacement), agent.list());
        assertArrayEquals(other, download(agent, "orphan"));
    }

    @Test
    void anArchiveWithoutSidecarIsNotListed() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(100, 8);
        agent.upload(streamOnly(content), metadata("orphan", content), new RecordedProgress());
        Files.delete(folder().resolve("orphan.json"));

        assertEquals(List.of(), agent.list());
        assertThrows(BackupNotFoundException.class, () -> agent.get("orphan"));
        assertThrows(BackupNotFoundException.class, () -> agent.download("orphan"));

        agent.upload(streamOnly(content), metadata("orphan", content), new RecordedProgress());
        assertEquals(List.of(metadata("orphan", content)), agent.list());
    }

    @Test
    void ignoresFilesItDoesNotKnow() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(100, 9);
        BackupMetadata real = metadata("real", content);
        agent.upload(streamOnly(content), real, new RecordedProgress());
        Files.writeString(folder().resolve("notes.txt"), "my notes");
        Files.writeString(folder().resolve("garbage.json"), "{ not json");
        Files.writeString(folder().resolve("garbage.tar"), "x");
        Files.write(folder().resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        Files.writeString(folder().resolve("binary.tar"), "x");
        Files.writeString(folder().resolve("other-id.json"), metadata("someone-else", content).toJson());
        Files.writeString(folder().resolve("other-id.tar"), "x");
        Files.writeString(folder().resolve("Upper.json"), metadata("upper", content).toJson());
        Files.writeString(folder().resolve("Upper.tar"), "x");
        Files.createDirectories(folder().resolve("sub.json"));
        Files.createDirectories(folder().resolve("sub.tar"));
        Files.createDirectories(folder().resolve("subfolder"));
        Files.writeString(folder().resolve("huge.tar"), "x");
        try (var out = Files.newOutputStream(folder().resolve("huge.json"))) {
            out.write(new byte[3 * MIB]);
        }
        // 5 KB nested 5,000 deep: it overflowed the stack of a parser without a depth bound.
        Files.writeString(folder().resolve("deep.json"), "[".repeat(5_000));
        Files.writeString(folder().resolve("deep.tar"), "x");

        assertEquals(List.of(real), agent.list());
        assertEquals(List.of(real), agent.list(), "listing twice is as good as once");
        for (String id : List.of("garbage", "binary", "other-id", "sub", "subfolder", "huge", "deep")) {
            assertThrows(BackupNotFoundException.class, () -> agent.get(id), id);
            assertThrows(BackupNotFoundException.class, () -> agent.download(id), id);
            assertThrows(BackupNotFoundException.class, () -> agent.delete(id), id);
        }
        assertTrue(Files.exists(folder().resolve("garbage.json")), "a foreign file is never deleted");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"../escape", "..", ".", "a/b", "/etc/passwd", "Escape", "a\\b", ".hidden",
        "a123456789b123456789c123456789d123456789e123456789f123456789g12345"})
    void rejectsIdsThatAreNotValid(String backupId) throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(100, 10);
        // Files a path-escaping id would reach if it were used as a file name.
        Files.write(tmp.resolve("escape.tar"), content);
        Files.writeString(tmp.resolve("escape.json"), metadata("escape", content).toJson());

        for (Executable call : List.<Executable>of(() -> agent.get(backupId), () -> agent.download(backupId),
                () -> agent.delete(backupId))) {
            BackupAgentException e = assertThrows(BackupAgentException.class, call);
            assertSame(BackupAgentException.class, e.getClass(), "neither 'not found' nor 'unavailable'");
            assertTrue(e.getMessage().startsWith("Local agent 'local': Invalid backup id"), e.getMessage());
        }
        assertTrue(Files.exists(tmp.resolve("escape.tar")));
        assertTrue(Files.exists(tmp.resolve("escape.json")));
    }

    @Test
    void anUnmountedFolderMakesTheAgentUnavailableAndIsNotRecreated() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(100, 11);
        BackupMetadata metadata = metadata("kept", content);
        agent.upload(streamOnly(content), metadata, new RecordedProgress());
        Files.delete(folder().resolve("kept.json"));
        Files.delete(folder().resolve("kept.tar"));
        Files.delete(folder());

        String expected = "Local agent 'local': folder " + folder()
                + " does not exist or is not a folder; is the drive mounted?";
        assertUnavailable(expected, agent::list);
        assertUnavailable(expected, () -> agent.get("kept"));
        assertUnavailable(expected, () -> agent.download("kept"));
        assertUnavailable(expected, () -> agent.delete("kept"));
        assertUnavailable(expected, () -> agent.upload(streamOnly(content), metadata, new RecordedProgress()));
        assertFalse(Files.exists(folder()), "the agent must not re-create the folder");

        // A file where the folder was (the mount point replaced by something else) is no folder either.
        Files.writeString(folder(), "not a folder");
        assertUnavailable(expected, agent::list);
        assertUnavailable(expected, () -> agent.upload(streamOnly(content), metadata, new RecordedProgress()));
        assertEquals("not a folder", Files.readString(folder()));
    }

    private static void assertUnavailable(String expectedMessage, Executable call) {
        AgentUnavailableException e = assertThrows(AgentUnavailableException.class, call);
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void refusesToStoreABackupItAlreadyHolds() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(100, 12);
        BackupMetadata metadata = metadata("twice", content);
        agent.upload(streamOnly(content), metadata, new RecordedProgress());

        byte[] other = randomBytes(100, 13);
        BackupAgentException e = assertThrows(BackupAgentException.class,
                () -> agent.upload(streamOnly(other), metadata("twice", other), new RecordedProgress()));

        assertTrue(e.getMessage().contains("already holds backup twice"), e.getMessage());
        assertEquals(List.of(metadata), agent.list());
        assertArrayEquals(content, download(agent, "twice"));
        assertEquals(List.of("twice.json", "twice.tar"), fileNames(folder()));
    }

    @Test
    void aSourceShorterThanDeclaredStoresNothing() throws Exception {
        assertSizeMismatchStoresNothing(randomBytes(MIB + 10, 14), MIB + 11,
                "yielded 1048586 bytes but declared 1048587");
    }

    @Test
    void aSourceLongerThanDeclaredStoresNothing() throws Exception {
        assertSizeMismatchStoresNothing(randomBytes(3 * MIB, 15), MIB, "more than the 1048576 bytes it declared");
    }

    private void assertSizeMismatchStoresNothing(byte[] content, long declared, String expectedReason)
            throws Exception {
        LocalBackupAgent agent = newAgent();
        BackupSource lying = new BackupSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }

            @Override
            public long size() {
                return declared;
            }

            @Override
            public Optional<Path> file() {
                return Optional.empty();
            }
        };
        BackupMetadata metadata = metadata("lying", content).toBuilder().size(declared).build();

        BackupAgentException e = assertThrows(BackupAgentException.class,
                () -> agent.upload(lying, metadata, new RecordedProgress()));

        assertTrue(e.getMessage().startsWith("Local agent 'local': could not store backup lying: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedReason), e.getMessage());
        assertEquals(List.of(), fileNames(folder()));
        assertEquals(List.of(), agent.list());
    }

    @Test
    void anInterruptedUploadStopsAndStoresNothing() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(4 * MIB, 16);
        BackupSource source = new BackupSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        if (pos == MIB) {
                            // The manager gives up on the upload after the first chunk.
                            Thread.currentThread().interrupt();
                        }
                        return super.read(b, off, len);
                    }
                };
            }

            @Override
            public long size() {
                return content.length;
            }

            @Override
            public Optional<Path> file() {
                return Optional.empty();
            }
        };
        RecordedProgress progress = new RecordedProgress();

        BackupAgentException e;
        try {
            e = assertThrows(BackupAgentException.class,
                    () -> agent.upload(source, metadata("interrupted", content), progress));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt status must stay set for the caller");
        }

        assertTrue(e.getMessage().contains("upload of backup interrupted was interrupted"), e.getMessage());
        assertTrue(progress.values().get(progress.values().size() - 1) < content.length, progress.values().toString());
        assertTrue(progress.values().size() <= 2, "stops within a chunk: " + progress.values());
        assertEquals(List.of(), fileNames(folder()));
        assertEquals(List.of(), agent.list());
    }

    @Test
    void aSourceThatCannotBeReadIsReportedAsSuch() throws Exception {
        LocalBackupAgent agent = newAgent();
        BackupSource broken = new BackupSource() {
            @Override
            public InputStream open() throws IOException {
                throw new IOException("archive.tar: gone");
            }

            @Override
            public long size() {
                return 10;
            }

            @Override
            public Optional<Path> file() {
                return Optional.empty();
            }
        };
        byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);

        BackupAgentException e = assertThrows(BackupAgentException.class,
                () -> agent.upload(broken, metadata("broken", content), new RecordedProgress()));

        assertEquals("Local agent 'local': could not store backup broken: the archive to upload could not be opened:"
                + " archive.tar: gone; nothing was stored", e.getMessage());
        assertEquals(List.of(), fileNames(folder()));
    }

    @Test
    void aHardLinkedArchiveOfTheWrongSizeIsRefused() throws Exception {
        LocalBackupAgent agent = newAgent();
        byte[] content = randomBytes(1000, 17);
        Path source = Files.write(tmp.resolve("archive.tar"), content);
        BackupSource wrongSize = new BackupSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(source);
            }

            @Override
            public long size() {
                return 999;
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(source);
            }
        };

        BackupAgentException e = assertThrows(BackupAgentException.class,
                () -> agent.upload(wrongSize, metadata("wrong", content), new RecordedProgress()));

        assertTrue(e.getMessage().contains("has 1000 bytes but declared 999"), e.getMessage());
        assertEquals(List.of(), fileNames(folder()));
        assertEquals(1, Files.getAttribute(source, "unix:nlink"));
        assertArrayEquals(content, Files.readAllBytes(source), "the source is left as it was");
    }

    @Test
    void rejectsAnInvalidAgentId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LocalBackupAgent("My Agent", "x", folder()));
        assertTrue(e.getMessage().contains("Invalid agent id \"My Agent\""), e.getMessage());
        assertFalse(Files.exists(folder()), "nothing is created for an agent that cannot exist");
    }
}
