package org.homeautomation.backup.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.testsupport.Await;

/**
 * A backup agent as a third-party bundle would write one, registered by a test: it stores archives as files in a
 * folder, following the agent contract (written to a temporary file, published by a rename). What happens before the
 * archive is stored is set by the test, to make the agent fail, hang or crawl.
 */
public final class TestAgent implements BackupAgent {
    /** Runs at the start of an upload, before anything is stored. */
    @FunctionalInterface
    public interface BeforeStore {
        /**
         * @param source the archive being uploaded
         * @param progress where to report stored bytes
         * @throws BackupAgentException to fail the upload as an agent should
         */
        void run(BackupSource source, UploadProgress progress) throws BackupAgentException;
    }

    private static final int CHUNK = 64 * 1024;

    private final String id;
    private final String name;
    private final Path directory;
    private final BeforeStore beforeStore;
    /** Whether a stored archive gets one byte flipped, as a failing disk would do. */
    private volatile boolean corruptStored;
    private final Map<String, BackupMetadata> held = new ConcurrentHashMap<>();
    private final List<String> uploadsStarted = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstUploadStarted = new CountDownLatch(1);
    private final List<Long> reportedProgress = new CopyOnWriteArrayList<>();
    private volatile boolean reachable = true;

    private TestAgent(String id, Path directory, BeforeStore beforeStore) {
        this.id = id;
        this.name = "Test agent " + id;
        this.directory = directory;
        this.beforeStore = beforeStore;
    }

    /**
     * @param id the agent's id
     * @param directory the folder it stores archives in; created when missing
     * @return an agent that stores every upload
     * @throws IOException when the folder cannot be created
     */
    public static TestAgent storing(String id, Path directory) throws IOException {
        return withBeforeStore(id, directory, (source, progress) -> {
        });
    }

    /**
     * @param id the agent's id
     * @param directory the folder it stores archives in; created when missing
     * @param beforeStore what happens before the archive is stored
     * @return the agent
     * @throws IOException when the folder cannot be created
     */
    public static TestAgent withBeforeStore(String id, Path directory, BeforeStore beforeStore) throws IOException {
        Files.createDirectories(directory);
        return new TestAgent(id, directory, beforeStore);
    }

    /**
     * @param id the agent's id
     * @param directory the folder it stores archives in; created when missing
     * @return an agent that stores every upload whole and then flips one byte in the middle of the stored archive,
     *         as a failing disk would: the upload succeeds, the copy is damaged
     * @throws IOException when the folder cannot be created
     */
    public static TestAgent corruptingWhatItStores(String id, Path directory) throws IOException {
        TestAgent agent = storing(id, directory);
        agent.corruptStored = true;
        return agent;
    }

    /**
     * An agent whose upload throws what a defective or unlucky agent throws.
     *
     * @param id the agent's id
     * @param directory its folder
     * @param failure thrown by every upload: a {@link BackupAgentException}, a {@link RuntimeException} or an
     *        {@link Error}
     * @return the agent
     * @throws IOException when the folder cannot be created
     */
    public static TestAgent failingWith(String id, Path directory, Throwable failure) throws IOException {
        return withBeforeStore(id, directory, (source, progress) -> {
            if (failure instanceof BackupAgentException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) failure;
        });
    }

    /**
     * An agent whose upload waits for the test to release it.
     *
     * @param id the agent's id
     * @param directory its folder
     * @param release counted down by the test
     * @return the agent; it fails the upload when its thread is interrupted while waiting
     * @throws IOException when the folder cannot be created
     */
    public static TestAgent blockingUntil(String id, Path directory, CountDownLatch release) throws IOException {
        return withBeforeStore(id, directory, (source, progress) -> {
            try {
                if (!release.await(Await.DEFAULT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new BackupAgentException("Test agent '" + id + "' was never released by the test");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupAgentException("Test agent '" + id + "': upload interrupted", e);
            }
        });
    }

    /**
     * An agent on a slow link: it reports progress every {@code reportEvery} for about {@code duration}, in steps
     * that add up to the archive's size, then stores it.
     *
     * @param id the agent's id
     * @param directory its folder
     * @param duration how long the upload takes
     * @param reportEveryNanos the pause between two progress reports
     * @return the agent
     * @throws IOException when the folder cannot be created
     */
    public static TestAgent crawling(String id, Path directory, java.time.Duration duration, long reportEveryNanos)
            throws IOException {
        return withBeforeStore(id, directory, (source, progress) -> {
            long size = source.size();
            long start = System.nanoTime();
            long total = duration.toNanos();
            long elapsed;
            // The pauses stand for a slow network; they are what makes this upload take its time.
            while ((elapsed = System.nanoTime() - start) < total) {
                progress.bytesUploaded(size * elapsed / total);
                LockSupport.parkNanos(reportEveryNanos);
            }
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws BackupAgentException {
        uploadsStarted.add(metadata.id());
        firstUploadStarted.countDown();
        // Progress never goes back: after a crawl that already reported most of the size, storing reports only
        // what goes beyond it.
        AtomicLong highest = new AtomicLong();
        UploadProgress recording = bytes -> {
            long value = highest.accumulateAndGet(bytes, Math::max);
            reportedProgress.add(value);
            progress.bytesUploaded(value);
        };
        beforeStore.run(source, recording);
        requireReachable();
        Path temp = directory.resolve("." + metadata.id() + ".partial");
        try (InputStream in = source.open(); OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[CHUNK];
            long stored = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                // A manager that gives up on an upload interrupts it: store nothing, leave the flag set.
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("interrupted after " + stored + " bytes");
                }
                out.write(buffer, 0, n);
                stored += n;
                recording.bytesUploaded(stored);
            }
            if (stored != source.size()) {
                deleteQuietly(temp);
                throw new BackupAgentException("Test agent '" + id + "': read " + stored + " bytes of backup "
                        + metadata.id() + ", the source said " + source.size());
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new BackupAgentException("Test agent '" + id + "' could not store backup " + metadata.id(), e);
        }
        try {
            Files.move(temp, archive(metadata.id()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new BackupAgentException("Test agent '" + id + "' could not publish backup " + metadata.id(), e);
        }
        requireReachable();
        if (corruptStored) {
            flipMiddleByte(archive(metadata.id()));
        }
        held.put(metadata.id(), metadata);
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        get(backupId);
        try {
            return Files.newInputStream(archive(backupId));
        } catch (IOException e) {
            throw new BackupAgentException("Test agent '" + id + "' could not open backup " + backupId, e);
        }
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        requireReachable();
        if (held.remove(backupId) == null) {
            throw new BackupNotFoundException(backupId, "Test agent '" + id + "' holds no backup " + backupId);
        }
        deleteQuietly(archive(backupId));
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        requireReachable();
        return new ArrayList<>(held.values());
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        requireReachable();
        BackupMetadata metadata = held.get(backupId);
        if (metadata == null) {
            throw new BackupNotFoundException(backupId, "Test agent '" + id + "' holds no backup " + backupId);
        }
        return metadata;
    }

    /**
     * @param backupId a backup id
     * @return the stored archive, when this agent holds the backup
     */
    public Optional<Path> stored(String backupId) {
        return held.containsKey(backupId) ? Optional.of(archive(backupId)) : Optional.empty();
    }

    /** @return the ids of the backups whose upload started, in order */
    public List<String> uploadsStarted() {
        return List.copyOf(uploadsStarted);
    }

    /**
     * Waits until an upload has started.
     *
     * @throws AssertionError when none started in time
     */
    public void awaitUploadStarted() {
        try {
            if (!firstUploadStarted.await(Await.DEFAULT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("No upload reached test agent '" + id + "' in " + Await.DEFAULT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** @return every progress value this agent reported, in order */
    public List<Long> reportedProgress() {
        return List.copyOf(reportedProgress);
    }

    /** @param reachable whether calls reach the folder; false makes every call fail as an unplugged drive would */
    public void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    private void requireReachable() throws AgentUnavailableException {
        if (!reachable) {
            throw new AgentUnavailableException("Test agent '" + id + "' is set unreachable by the test");
        }
    }

    private Path archive(String backupId) {
        return directory.resolve(backupId + ".tar");
    }

    private static void flipMiddleByte(Path file) throws BackupAgentException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= (byte) 0xff;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new BackupAgentException("Test agent could not damage " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left in a test folder; nothing lists it.
        }
    }
}
