package org.homeautomation.backup.agent.restic.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;

/** Reproducible test data: incompressible bytes from a seed, and copies with a small change. */
final class TestStreams {
    private TestStreams() {
    }

    static byte[] randomBytes(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** A copy with {@code insert} new bytes inserted at {@code at}, as an edited file in a new archive would be. */
    static byte[] withInsertion(byte[] data, int at, int insert) {
        byte[] changed = new byte[data.length + insert];
        System.arraycopy(data, 0, changed, 0, at);
        System.arraycopy(randomBytes(99, insert), 0, changed, at, insert);
        System.arraycopy(data, at, changed, at + insert, data.length - at);
        return changed;
    }

    /** A source over bytes in memory, without a file. */
    static BackupSource source(byte[] data) {
        return new BackupSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(data);
            }

            @Override
            public long size() {
                return data.length;
            }

            @Override
            public Optional<Path> file() {
                return Optional.empty();
            }
        };
    }

    /** Metadata of a backup of these bytes. */
    static BackupMetadata metadata(String id, byte[] data) {
        return BackupMetadata.builder().id(id).name("test " + id).createdAt(Instant.now()).size(data.length)
                .sha256(Ids.hash(data)).build();
    }

    static Path write(Path file, byte[] data) throws IOException {
        Files.write(file, data);
        return file;
    }

    /** The total size of the pack files in {@code data/}. */
    static long packBytes(Path repository) throws IOException {
        try (var files = Files.walk(repository.resolve("data"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
