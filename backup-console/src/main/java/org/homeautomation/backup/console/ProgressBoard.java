package org.homeautomation.backup.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The latest progress of one backup, fed by events on Event Admin's threads and read by the command's own thread,
 * which alone prints: Karaf binds System.out to the session only on the session's thread.
 *
 * <p>The board listens before the backup starts, because the manager posts the first stages while
 * {@code create} runs, before the command knows the new backup's id. Until {@link #follow} names the backup, what
 * arrives is kept by backup id; then the other backups' progress is dropped. The manager runs one backup at a time,
 * so at most a few backups are ever kept, each with one entry per stage and per agent.
 */
public final class ProgressBoard {
    private final Map<String, Progress> byBackup = new LinkedHashMap<>();
    private final Map<String, long[]> shown = new LinkedHashMap<>();
    private String followed;
    private boolean endExpected;

    /** What one backup did so far. */
    private static final class Progress {
        final Map<String, long[]> uploads = new LinkedHashMap<>();
        final List<String> stages = new ArrayList<>();
        boolean ended;
    }

    /**
     * Names the backup this board shows; progress of any other backup is dropped from now on.
     *
     * @param backupId the backup the command started
     */
    public synchronized void follow(String backupId) {
        followed = backupId;
        byBackup.keySet().retainAll(Set.of(backupId));
        byBackup.computeIfAbsent(backupId, id -> new Progress());
    }

    /**
     * Says that the end of the backup will be posted ({@link #ended}), so that {@link #awaitEnd} has something to
     * wait for: the source of events calls it when an Event Admin delivers them.
     */
    public synchronized void expectEnd() {
        endExpected = true;
    }

    /**
     * @param backupId the backup being uploaded
     * @param agentId the agent being uploaded to
     * @param uploaded bytes it stored so far
     * @param total the archive's size, 0 or less when unknown
     */
    public synchronized void upload(String backupId, String agentId, long uploaded, long total) {
        Progress progress = progressOf(backupId);
        if (progress == null) {
            return;
        }
        long[] known = progress.uploads.get(agentId);
        // Events are posted asynchronously and may arrive out of order; a count never goes back.
        if (known == null || uploaded >= known[0]) {
            progress.uploads.put(agentId, new long[] { uploaded, total });
        }
    }

    /**
     * @param backupId the backup that entered a stage
     * @param description what the backup does now, for a person
     */
    public synchronized void stage(String backupId, String description) {
        Progress progress = progressOf(backupId);
        if (progress != null) {
            progress.stages.add(description);
        }
    }

    /**
     * Records that a backup ended (its last stage event arrived). Event Admin delivers the events one thread posted
     * in the order posted, so every stage before it has arrived too.
     *
     * @param backupId the backup that ended
     */
    public synchronized void ended(String backupId) {
        Progress progress = progressOf(backupId);
        if (progress != null) {
            progress.ended = true;
            notifyAll();
        }
    }

    /**
     * Waits, when events are expected, until the followed backup's end has arrived: the backup's result can be known
     * before Event Admin has delivered its last stages.
     *
     * @param timeout the longest wait
     * @return whether the end arrived (false at once when no end is expected)
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (endExpected && !hasEnded()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return endExpected;
    }

    /**
     * @return the lines to print now for the followed backup: stages entered and agents whose count changed since
     *         the last call; none before {@link #follow}
     */
    public synchronized List<String> takeUpdates() {
        List<String> lines = new ArrayList<>();
        Progress progress = followed == null ? null : byBackup.get(followed);
        if (progress == null) {
            return lines;
        }
        progress.stages.forEach(s -> lines.add("  " + s));
        progress.stages.clear();
        progress.uploads.forEach((agent, now) -> {
            long[] before = shown.get(agent);
            if (before == null || before[0] != now[0]) {
                lines.add("  " + agent + ": " + ConsoleText.progress(now[0], now[1]));
                shown.put(agent, now);
            }
        });
        return lines;
    }

    private boolean hasEnded() {
        Progress progress = followed == null ? null : byBackup.get(followed);
        return progress != null && progress.ended;
    }

    /** @return where a backup's progress goes: nowhere when another backup is followed */
    private Progress progressOf(String backupId) {
        if (followed != null && !followed.equals(backupId)) {
            return null;
        }
        return byBackup.computeIfAbsent(backupId, id -> new Progress());
    }
}
