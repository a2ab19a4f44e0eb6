package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.support.json.Json;

/**
 * A lock file in the repository's {@code locks/} folder, taken and honoured as restic does: any number of
 * non-exclusive locks (backups) at once, or one exclusive lock (prune) and no other. Another's lock is ignored when
 * it is stale: older than 30 minutes, or made on this host by a process that no longer runs; the latter is removed,
 * as {@code restic unlock} would remove it. A held lock is
 * renewed every 5 minutes (a new file, then the old one removed), so that restic never takes it for stale.
 *
 * <p>Not thread-safe: one holder at a time.
 */
final class RepositoryLock implements AutoCloseable {
    static final Duration STALE_AFTER = Duration.ofMinutes(30);
    static final Duration REFRESH_AFTER = Duration.ofMinutes(5);
    /** How long restic waits after writing its lock before it looks for others that appeared at the same time. */
    static final Duration SETTLE = Duration.ofMillis(200);

    private final Repository repository;
    private final boolean exclusive;
    private final Clock clock;
    private String file;
    private Instant written;

    private RepositoryLock(Repository repository, boolean exclusive, Clock clock) {
        this.repository = repository;
        this.exclusive = exclusive;
        this.clock = clock;
    }

    /**
     * Takes a lock.
     *
     * @throws RepositoryException (reason LOCKED) naming who holds the conflicting lock and what to do
     */
    static RepositoryLock acquire(Repository repository, boolean exclusive) throws IOException, RepositoryException {
        RepositoryLock lock = new RepositoryLock(repository, exclusive, Clock.systemUTC());
        lock.checkOthers();
        lock.write();
        try {
            Thread.sleep(SETTLE.toMillis());
            lock.checkOthers();
            lock.readBack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.close();
            throw new java.io.InterruptedIOException("interrupted while taking a lock on "
                    + repository.storage().location());
        } catch (IOException | RepositoryException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    /** Renews the lock file when it is due; called between chunks of a long backup. */
    void refreshIfDue() throws IOException {
        if (file != null && Duration.between(written, clock.instant()).compareTo(REFRESH_AFTER) >= 0) {
            String old = file;
            write();
            repository.storage().delete(FileType.LOCK, old);
        }
    }

    private void write() throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        written = clock.instant();
        json.put("time", SnapshotJson.format(OffsetDateTime.ofInstant(written, java.time.ZoneId.systemDefault())));
        json.put("exclusive", exclusive);
        json.put("hostname", KeyFile.hostname());
        SnapshotJson.Owner owner = SnapshotJson.Owner.ofThisProcess(repository.storage().ownedByThisProcess());
        json.put("username", owner.user());
        json.put("pid", ProcessHandle.current().pid());
        json.put("uid", owner.uid());
        json.put("gid", owner.gid());
        file = repository.saveJson(FileType.LOCK, Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the lock file back, as restic does before it relies on a lock: a store that accepted the write but does
     * not serve it (an S3 store that lost it) must not leave us believing we hold the lock.
     */
    private void readBack() throws IOException, RepositoryException {
        repository.loadJson(FileType.LOCK, file);
    }

    private void checkOthers() throws IOException, RepositoryException {
        for (String other : repository.storage().list(FileType.LOCK)) {
            if (other.equals(file)) {
                continue;
            }
            Map<?, ?> json;
            try {
                json = (Map<?, ?>) Json.parse(new String(repository.loadJson(FileType.LOCK, other),
                        StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                continue; // released meanwhile
            } catch (RepositoryException | RuntimeException e) {
                continue; // restic too ignores lock files it cannot read
            }
            if (ofDeadProcessOnThisHost(json)) {
                // what 'restic unlock' removes: restic before 0.16 refuses to work while such a lock is there, so a
                // backup killed by a power cut would otherwise block the user's own restic until they unlock
                repository.storage().delete(FileType.LOCK, other);
                continue;
            }
            boolean otherExclusive = Boolean.TRUE.equals(json.get("exclusive"));
            if ((exclusive || otherExclusive) && !isStale(json)) {
                throw new RepositoryException(RepositoryException.Reason.LOCKED, "The restic repository "
                        + repository.storage().location() + " is locked " + (otherExclusive ? "exclusively " : "")
                        + "by " + describe(json) + " (lock " + other.substring(0, 8) + "); try again once that"
                        + " run has ended, or, if that process is dead, remove the lock with 'restic unlock'");
            }
        }
    }

    /** restic's rule: older than 30 minutes, or from this host and a process that is not alive. */
    boolean isStale(Map<?, ?> json) {
        Optional<Instant> time = parseTime(json.get("time"));
        if (time.isEmpty() || Duration.between(time.get(), clock.instant()).compareTo(STALE_AFTER) > 0) {
            return true;
        }
        return ofDeadProcessOnThisHost(json);
    }

    private static boolean ofDeadProcessOnThisHost(Map<?, ?> json) {
        if (KeyFile.hostname().equals(json.get("hostname")) && json.get("pid") instanceof Long pid) {
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
        return false;
    }

    private static Optional<Instant> parseTime(Object time) {
        try {
            return Optional.of(OffsetDateTime.parse((String) time).toInstant());
        } catch (DateTimeParseException | ClassCastException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String describe(Map<?, ?> json) {
        return "process " + json.get("pid") + " of " + json.get("username") + " on " + json.get("hostname")
                + " since " + json.get("time");
    }

    /** Removes the lock file. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            repository.storage().delete(FileType.LOCK, file);
            file = null;
        }
    }
}
