package org.homeautomation.backup.itest;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.testsupport.Await;

/**
 * A participant as a third-party bundle would register one: it writes into a log shared by the participants of a
 * test, so that the order of their calls can be checked, and does what the test tells it to in {@code preBackup}.
 */
public final class RecordingParticipant implements BackupParticipant {
    /** What a participant does in {@code preBackup}. */
    @FunctionalInterface
    public interface PreBackup {
        /**
         * @param staging the participant's staging directory
         * @throws Exception to fail the backup
         */
        void run(Path staging) throws Exception;
    }

    private final String id;
    private final List<String> log;
    private final PreBackup preBackup;
    private final CountDownLatch preBackupEntered = new CountDownLatch(1);
    private final List<BackupOutcome> outcomes = new CopyOnWriteArrayList<>();
    private volatile Path stagingDirectory;

    /**
     * @param id the participant's id, its content name
     * @param log where "pre:id" and "post:id" are appended
     * @param preBackup what {@code preBackup} does after logging
     */
    public RecordingParticipant(String id, List<String> log, PreBackup preBackup) {
        this.id = id;
        this.log = log;
        this.preBackup = preBackup;
    }

    /**
     * @param id the participant's id
     * @param log the shared log
     * @return a participant that does nothing but log
     */
    public static RecordingParticipant quiet(String id, List<String> log) {
        return new RecordingParticipant(id, log, staging -> {
        });
    }

    /**
     * @param id the participant's id
     * @param log the shared log
     * @param release counted down by the test
     * @return a participant whose {@code preBackup} waits for the test to release it
     */
    public static RecordingParticipant holding(String id, List<String> log, CountDownLatch release) {
        return new RecordingParticipant(id, log, staging -> {
            if (!release.await(Await.DEFAULT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Participant " + id + " was never released by the test");
            }
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void preBackup(BackupContext context) throws Exception {
        stagingDirectory = context.stagingDirectory();
        log.add("pre:" + id);
        preBackupEntered.countDown();
        preBackup.run(context.stagingDirectory());
    }

    @Override
    public void postBackup(BackupContext context, BackupOutcome outcome) {
        log.add("post:" + id);
        outcomes.add(outcome);
    }

    /** Waits until {@code preBackup} was entered. */
    public void awaitPreBackup() {
        try {
            if (!preBackupEntered.await(Await.DEFAULT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Participant " + id + " was not called within " + Await.DEFAULT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** @return the outcomes {@code postBackup} was told, in order */
    public List<BackupOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** @return the staging directory of the last {@code preBackup}, or null */
    public Path stagingDirectory() {
        return stagingDirectory;
    }
}
