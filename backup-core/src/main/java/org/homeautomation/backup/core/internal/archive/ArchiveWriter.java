package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.luben.zstd.Zstd;

/**
 * Writes a backup archive, format version 1 (see {@code docs/archive-format.md}): an outer POSIX tar with
 * {@code backup.json} first, then one {@code <content>.tar.zst} per content, each a zstd-compressed POSIX tar of the
 * content's tree. Memory use does not depend on the size of the backup: everything is streamed through fixed
 * buffers.
 *
 * <p>Each content is a sequence of independent zstd frames cut at content-defined boundaries ({@link ZstdSink}), so
 * that an unchanged part of the tree gives the same bytes in two backups and a deduplicating store shares them. The
 * same input gives the same bytes, whatever the number of workers.
 *
 * <p>The digest is the SHA-256 of the final file. A content's outer header holds its compressed size, known only
 * after compressing it, so the header is left as a gap, filled in afterwards, and the finished range is then read
 * back (from the page cache) and digested on a second thread while the next content is compressed. Only the last
 * content's read-back is not overlapped with compression.
 *
 * <p>Instances hold only settings and may be used by several threads at once.
 */
public final class ArchiveWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    /** The limit zstd set on its worker threads, kept for the frame workers: each holds two direct buffers. */
    private static final int MAX_WORKERS = 200;

    private final int zstdLevel;
    private final int zstdWorkers;
    private final UnreadableFilePolicy policy;
    private final FrameSizes frameSizes;

    /**
     * @param zstdLevel   the zstd compression level, as for {@code zstd -#} (3 is zstd's default)
     * @param zstdWorkers threads compressing frames in parallel, as for {@code zstd -T#} except that 0 means
     *                    compressing on the calling thread; the number of cores is a good value
     * @param policy      what to do with source files that cannot be read
     * @throws IllegalArgumentException when the level or the number of workers is out of range
     */
    public ArchiveWriter(int zstdLevel, int zstdWorkers, UnreadableFilePolicy policy) {
        this(zstdLevel, zstdWorkers, policy, FrameSizes.DEFAULT);
    }

    /** For tests and measurements: frames of other sizes than the default. */
    ArchiveWriter(int zstdLevel, int zstdWorkers, UnreadableFilePolicy policy, FrameSizes frameSizes) {
        if (zstdLevel < Zstd.minCompressionLevel() || zstdLevel > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be between " + Zstd.minCompressionLevel() + " and "
                    + Zstd.maxCompressionLevel() + ", was " + zstdLevel);
        }
        if (zstdWorkers < 0 || zstdWorkers > MAX_WORKERS) {
            throw new IllegalArgumentException("zstd workers must be between 0 and " + MAX_WORKERS + ", was "
                    + zstdWorkers);
        }
        this.zstdLevel = zstdLevel;
        this.zstdWorkers = zstdWorkers;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.frameSizes = Objects.requireNonNull(frameSizes, "frameSizes");
    }

    /**
     * Writes the whole archive.
     *
     * @param target   the archive file to create; it must not exist
     * @param manifest what goes into {@code backup.json}; its contents must name {@code contents} in order
     * @param contents the trees to archive, in archive order
     * @return the archive's size, digest and warnings
     * @throws IOException on any failure; {@code target} is then deleted. An {@link UnreadableFileException} when a
     *                     source file cannot be read under {@link UnreadableFilePolicy#FAIL}
     */
    public ArchiveSummary write(Path target, ArchiveManifest manifest, List<ContentSource> contents)
            throws IOException {
        return write(target, manifest, contents, ArchiveListener.NONE);
    }

    /**
     * Writes the whole archive, reporting each file to {@code listener}.
     *
     * @param target   the archive file to create; it must not exist
     * @param manifest what goes into {@code backup.json}; its contents must name {@code contents} in order
     * @param contents the trees to archive, in archive order
     * @param listener told about each file before it is read
     * @return the archive's size, digest and warnings
     * @throws IOException on any failure; {@code target} is then deleted
     */
    public ArchiveSummary write(Path target, ArchiveManifest manifest, List<ContentSource> contents,
            ArchiveListener listener) throws IOException {
        checkContents(manifest, contents);
        warnIfFileNamesAreNotUtf8();
        long started = System.nanoTime();
        TargetFile out = TargetFile.create(target);
        try (out; ArchiveDigester digester = new ArchiveDigester(target)) {
            ArchiveSummary summary = writeArchive(out, digester, manifest, contents, listener);
            LOG.debug("Wrote backup archive {}: {} bytes, sha256 {}, {} warnings, in {} ms", target,
                    summary.size(), summary.sha256Hex(), summary.warnings().size(),
                    (System.nanoTime() - started) / 1_000_000);
            return summary;
        } catch (IOException | RuntimeException | Error e) {
            deleteAfterFailure(target, e);
            throw e;
        }
    }

    private ArchiveSummary writeArchive(TargetFile out, ArchiveDigester digester, ArchiveManifest manifest,
            List<ContentSource> contents, ArchiveListener listener) throws IOException {
        List<String> warnings = new ArrayList<>();
        OwnerNames owners = new OwnerNames();
        OuterTar outer = new OuterTar(manifest.createdAt());
        out.write(outer.manifestEntry(manifest.toJson()));
        digester.digest(0, out.position());
        // An archive written into a folder being backed up must not take itself in.
        Path self = out.path().toRealPath();
        try (FrameCompressor compressor = new FrameCompressor(out, zstdLevel, zstdWorkers, frameSizes)) {
            for (ContentSource source : contents) {
                writeContent(out, digester, outer, compressor, source.name(), new ContentArchiver(
                        new ContentSource(source.name(), source.root(), source.excluder().excludeAbsolute(self)),
                        policy, listener, warnings, owners));
            }
        }
        long endAt = out.position();
        out.write(new byte[TarRecords.END_OF_ARCHIVE_LENGTH]);
        digester.digest(endAt, out.position());
        return new ArchiveSummary(out.position(), digester.finish(), warnings);
    }

    private void writeContent(TargetFile out, ArchiveDigester digester, OuterTar outer, FrameCompressor compressor,
            String name, ContentArchiver archiver) throws IOException {
        long headerAt = out.position();
        int headerLength = outer.contentHeaderLength(name);
        out.reserve(headerLength);
        long dataAt = out.position();
        ZstdSink sink = new ZstdSink(compressor, frameSizes, name);
        archiver.archive(sink);
        sink.finish();
        long size = out.position() - dataAt;
        out.write(new byte[TarRecords.padding(size)]);
        byte[] header = outer.contentHeader(name, size);
        if (header.length != headerLength) {
            throw new IllegalStateException("Header of " + name + " is " + header.length + " bytes, "
                    + headerLength + " were reserved");
        }
        out.patch(headerAt, header);
        digester.digest(headerAt, out.position());
        LOG.debug("Archived content {}: {} compressed bytes", name, size);
    }

    private static void checkContents(ArchiveManifest manifest, List<ContentSource> contents) {
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>(contents.size());
        for (ContentSource content : contents) {
            if (!seen.add(content.name())) {
                throw new IllegalArgumentException("Content " + content.name() + " is given twice");
            }
            names.add(content.name());
        }
        if (!names.equals(manifest.contents())) {
            throw new IllegalArgumentException("The manifest lists contents " + manifest.contents()
                    + " but the sources are " + names);
        }
    }

    private static void deleteAfterFailure(Path target, Throwable failure) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            failure.addSuppressed(new IOException("Could not delete the incomplete backup archive " + target
                    + "; delete it by hand", e));
        }
    }

    private static void warnIfFileNamesAreNotUtf8() {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        if (!encoding.equalsIgnoreCase("UTF-8")) {
            LOG.warn("The Java runtime decodes file names as {}, not UTF-8: files whose names are not ASCII cannot"
                    + " be read and will be reported as unreadable. Start the runtime with a UTF-8 locale, for"
                    + " example LANG=C.UTF-8.", encoding);
        }
    }
}
