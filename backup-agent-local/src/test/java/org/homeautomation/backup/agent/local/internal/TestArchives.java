package org.homeautomation.backup.agent.local.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;

/** Archives, sources and progress recorders for the agent's tests. */
final class TestArchives {
    static final int MIB = 1024 * 1024;

    private TestArchives() {
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static BackupMetadata metadata(String id, byte[] content) {
        return BackupMetadata.builder()
                .id(id)
                .name("Backup " + id)
                .createdAt(Instant.parse("2026-11-28T10:15:30Z"))
                .size(content.length)
                .sha256(sha256(content))
                .runtimeVersion("test")
                .addContent("config")
                .extra("origin", "unit test")
                .build();
    }

    /** A source that is no local file, such as an archive encrypted on the fly. */
    static BackupSource streamOnly(byte[] content) {
        return streamOnly(content, -1, () -> { });
    }

    /**
     * A source that is no local file and runs {@code midway} once, when the reader has taken the first {@code offset}
     * bytes (that much of the upload is on disk then).
     */
    static BackupSource streamOnly(byte[] content, int offset, Runnable midway) {
        return new BackupSource() {
            private boolean ran;

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        if (pos == offset && !ran) {
                            ran = true;
                            midway.run();
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
    }

    /** A source backed by a local file, as the manager hands over its freshly made archive. */
    static BackupSource localFile(Path file) throws IOException {
        long size = Files.size(file);
        return new BackupSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the names in a folder, sorted */
    static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** Records every progress report. */
    static final class RecordedProgress implements UploadProgress {
        private final List<Long> values = new CopyOnWriteArrayList<>();

        @Override
        public void bytesUploaded(long bytesUploaded) {
            values.add(bytesUploaded);
        }

        List<Long> values() {
            return values;
        }
    }
}
