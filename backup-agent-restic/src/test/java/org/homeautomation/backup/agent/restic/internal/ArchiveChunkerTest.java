package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.agent.restic.internal.SnapshotJson.FileNode;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.archive.ArchiveWriter;
import org.homeautomation.backup.core.internal.archive.ContentSource;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.luben.zstd.Zstd;

/** Real archives of the archive writer, cut along their zstd frames; anything else cut as restic cuts it. */
class ArchiveChunkerTest {
    private static final long POLYNOMIAL = 0x3DA3358B4DC173L;
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};

    @TempDir
    Path work;

    @Test
    void eachFrameOfAContentIsOneBlob() throws Exception {
        byte[] archive = archiveOf(tree("day1", 0));

        ArchiveChunker chunker = new ArchiveChunker(new ByteArrayInputStream(archive), POLYNOMIAL);
        List<byte[]> chunks = new ArrayList<>();
        int frames = 0;
        Chunker.Chunk next;
        while ((next = chunker.next()) != null) {
            byte[] chunk = java.util.Arrays.copyOf(next.data(), next.length());
            chunks.add(chunk);
            assertEquals(startsWithZstdMagic(chunk), next.compressed(), "only frames are stored uncompressed");
            if (startsWithZstdMagic(chunk)) {
                // one whole frame: decompressing exactly its announced content size succeeds, which a part of a
                // frame or two frames would not
                byte[] plain = Zstd.decompress(chunk, (int) Zstd.decompressedSize(chunk));
                assertTrue(plain.length > 0);
                frames++;
            }
        }

        assertArrayEquals(archive, concatenation(chunks));
        assertTrue(frames >= 10, "frames cut out: " + frames + " of " + chunks.size() + " chunks");
    }

    @Test
    void aNightsChangesAddTheirFramesNotTheMegabytesAroundThem() throws Exception {
        byte[] day1 = archiveOf(tree("day1", 0));
        byte[] day2 = archiveOf(tree("day2", 3));

        long ours = newBytes(chunks(new ArchiveChunker(new ByteArrayInputStream(day1), POLYNOMIAL)),
                chunks(new ArchiveChunker(new ByteArrayInputStream(day2), POLYNOMIAL)));
        long restics = newBytes(resticChunks(day1), resticChunks(day2));

        assertTrue(ours > 0, "day 2 changed three files");
        assertTrue(ours * 3 < restics, "ours adds " + ours + " bytes, restic's chunks " + restics);
    }

    @Test
    void theStockResticReadsASnapshotOfFrameBlobs() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, "frames");
        restic.run("init", "--repository-version", "2");
        byte[] archive = archiveOf(tree("day1", 0));
        Repository repository = Repository.open(repo, "frames");
        SnapshotWriter writer = new SnapshotWriter(repository, RepositoryIndex.load(repository));
        FileNode file = writer.storeFile("b.tar", new ByteArrayInputStream(archive), n -> { });
        String snapshot = writer.commit(List.of(file), List.of("/b.tar"), List.of("test"));

        assertTrue(file.content().size() >= 10, "blobs: " + file.content().size());
        assertArrayEquals(archive, Files.readAllBytes(restic.dump(snapshot, "/b.tar", work.resolve("dumped"))));
        restic.run("check", "--read-data");
    }

    @Test
    void aStreamThatIsNotAnArchiveIsCutAsResticCutsIt() throws Exception {
        byte[] data = TestStreams.randomBytes(7, 6 * 1024 * 1024);

        List<byte[]> ours = chunks(new ArchiveChunker(new ByteArrayInputStream(data), POLYNOMIAL));

        List<byte[]> restics = resticChunks(data);
        assertEquals(restics.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            assertArrayEquals(restics.get(i), ours.get(i));
        }
    }

    @Test
    void anEntryOfOtherBytesIsCutIntoPieces() throws Exception {
        Path folder = Files.createDirectories(work.resolve("other"));
        Files.write(folder.resolve("backup.json"), "{}".getBytes(StandardCharsets.UTF_8));
        // named like a content but not zstd: an age-encrypted content looks like this to the chunker
        Files.write(folder.resolve("data.tar.zst"), TestStreams.randomBytes(8, 3 * 1024 * 1024 + 100));
        byte[] tar = run(folder, "tar", "--format=posix", "-cf", "-", "backup.json", "data.tar.zst");

        List<byte[]> chunks = chunks(new ArchiveChunker(new ByteArrayInputStream(tar), POLYNOMIAL));

        assertArrayEquals(tar, concatenation(chunks));
        long pieces = chunks.stream().filter(c -> c.length == ArchiveChunker.PIECE_SIZE).count();
        assertEquals(3, pieces, "1 MiB pieces of the 3 MiB entry");
    }

    @Test
    void aTruncatedArchiveLosesNoByte() throws Exception {
        byte[] archive = archiveOf(tree("day1", 0));
        for (int cut : new int[] {100, 512, 1000, archive.length / 3, archive.length / 2 + 7, archive.length - 1}) {
            byte[] truncated = java.util.Arrays.copyOf(archive, cut);

            List<byte[]> chunks = chunks(new ArchiveChunker(new ByteArrayInputStream(truncated), POLYNOMIAL));

            assertArrayEquals(truncated, concatenation(chunks), "cut at " + cut);
        }
    }

    /**
     * A tree of a few compressible files, 12 MiB in all; {@code changes} of them edited in one place each, as a
     * night changes a log, a database page and a configuration file.
     */
    private Path tree(String name, int changes) throws IOException {
        Path root = Files.createDirectories(work.resolve(name));
        Random random = new Random(42);
        for (int f = 0; f < 6; f++) {
            byte[] content = text(random, 2 * 1024 * 1024);
            if (f < changes) {
                byte[] edit = ("edited on day 2, file " + f).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(edit, 0, content, content.length / 3, edit.length);
            }
            Path file = root.resolve("file-" + f + ".log");
            Files.write(file, content);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        }
        return root;
    }

    private static byte[] text(Random random, int size) {
        String[] words = {"sensor", "temperature", "switch", "ON", "OFF", "living-room", "22.5", "event", "item",
            "changed", "from", "to", "rule", "fired", "kitchen", "humidity", "48", "%", "battery", "low"};
        StringBuilder out = new StringBuilder(size + 64);
        while (out.length() < size) {
            out.append(words[random.nextInt(words.length)]).append(random.nextInt(7) == 0 ? '\n' : ' ');
            if (random.nextInt(50) == 0) {
                out.append(random.nextLong()).append(' ');
            }
        }
        return out.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] archiveOf(Path folder) throws IOException {
        Path target = work.resolve(folder.getFileName() + ".tar");
        ArchiveManifest manifest = new ArchiveManifest("test", "test", Instant.ofEpochSecond(1_700_000_000L), false,
                1, "test", List.of("data"), Map.of());
        new ArchiveWriter(3, 2, UnreadableFilePolicy.FAIL).write(target, manifest,
                List.of(new ContentSource("data", folder)));
        return Files.readAllBytes(target);
    }

    private static List<byte[]> chunks(ArchiveChunker chunker) throws IOException {
        return chunks(chunker::next);
    }

    private static List<byte[]> resticChunks(byte[] data) throws IOException {
        return chunks(new Chunker(new ByteArrayInputStream(data), POLYNOMIAL)::next);
    }

    /** Either chunker's next chunk. */
    private interface ChunkSource {
        Chunker.Chunk next() throws IOException;
    }

    private static List<byte[]> chunks(ChunkSource chunker) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        Chunker.Chunk chunk;
        while ((chunk = chunker.next()) != null) {
            chunks.add(java.util.Arrays.copyOf(chunk.data(), chunk.length()));
        }
        return chunks;
    }

    /** The bytes of the second list's chunks that the first does not have. */
    private static long newBytes(List<byte[]> before, List<byte[]> after) {
        Set<String> known = new HashSet<>();
        before.forEach(c -> known.add(Ids.hash(c)));
        return after.stream().filter(c -> !known.contains(Ids.hash(c))).mapToLong(c -> c.length).sum();
    }

    private static byte[] concatenation(List<byte[]> chunks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.write(chunk);
        }
        return out.toByteArray();
    }

    private static boolean startsWithZstdMagic(byte[] chunk) {
        return chunk.length > 4 && java.util.Arrays.equals(chunk, 0, 4, ZSTD_MAGIC, 0, 4);
    }

    private static byte[] run(Path folder, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(folder.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), String.join(" ", command));
        return out;
    }
}
