package org.homeautomation.backup.agent.restic.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.support.secret.Secret;

/**
 * The child process of {@link CrashSafetyTest}: uploads a reproducible stream to a repository and, once it has read
 * {@code pauseAt} bytes of it, creates a marker file and waits to be killed.
 * Arguments: repository, password, marker file, size, pauseAt, seed.
 */
public final class KilledUpload {
    private KilledUpload() {
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(args[0]);
        Path marker = Path.of(args[2]);
        int size = Integer.parseInt(args[3]);
        int pauseAt = Integer.parseInt(args[4]);
        byte[] data = TestStreams.randomBytes(Long.parseLong(args[5]), size);
        ResticBackupAgent agent = new ResticBackupAgent("killed", "killed", repository, new Secret(args[1]), false);
        BackupMetadata metadata = BackupMetadata.builder().id("killed").name("killed").createdAt(Instant.now())
                .size(size).sha256(Ids.hash(data)).build();
        agent.upload(new BackupSource() {
            @Override
            public InputStream open() {
                return new InputStream() {
                    private int pos;

                    @Override
                    public int read() {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (pos == pauseAt) {
                            try {
                                Files.createFile(marker);
                                Thread.sleep(Long.MAX_VALUE); // until SIGKILL
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        if (pos == data.length) {
                            return -1;
                        }
                        int n = Math.min(len, Math.min(data.length, pauseAt > pos ? pauseAt : data.length) - pos);
                        System.arraycopy(data, pos, b, off, n);
                        pos += n;
                        return n;
                    }
                };
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public Optional<Path> file() {
                return Optional.empty();
            }
        }, metadata, n -> { });
    }
}
