package org.homeautomation.backup.itest.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.RestoreContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example of docs/writing-a-participant.md: a rule engine that keeps its state in one file, written often. Around
 * a backup it pauses its writers and puts a consistent copy of the file into the backup; around a restore it pauses
 * them again and loads the restored copy. The test that runs it is {@code ParticipantGuideTest}.
 */
@Component(service = BackupParticipant.class, property = "service.ranking:Integer=100")
public final class RuleStateParticipant implements BackupParticipant {
    private static final Logger LOG = LoggerFactory.getLogger(RuleStateParticipant.class);
    static final String FILE = "rule-state.json";

    /** Writers take a permit for each write. pre and post may run on different threads: a Semaphore, not a Lock. */
    private final Semaphore writes = new Semaphore(1);
    /** Whether a backup or a restore holds the permit: post steps run also when our pre step failed. */
    private volatile boolean paused;
    private final Path stateFile;

    /** As DS makes it: the state lives in the runtime's data folder (Karaf's {@code karaf.data}). */
    @Activate
    public RuleStateParticipant(BundleContext context) {
        this(Path.of(context.getProperty("karaf.data"), "rules", FILE));
    }

    /** @param stateFile where the engine keeps its state */
    public RuleStateParticipant(Path stateFile) {
        this.stateFile = stateFile;
    }

    @Override
    public String id() {
        return "example.rules";
    }

    /**
     * How the engine writes its state; a writer waits while a backup or a restore holds the permit.
     *
     * @param json the new state
     * @throws IOException when it cannot be written
     * @throws InterruptedException when interrupted while waiting
     */
    public void saveState(String json) throws IOException, InterruptedException {
        writes.acquire();
        try {
            Path temp = stateFile.resolveSibling(FILE + ".tmp");
            Files.writeString(temp, json);
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            writes.release();
        }
    }

    @Override
    public void preBackup(BackupContext context) throws Exception {
        pauseWriters();
        if (Files.exists(stateFile)) {
            Files.copy(stateFile, context.stagingDirectory().resolve(FILE));
        }
        LOG.debug("Rule state paused and copied for backup {}", context.backupId());
    }

    @Override
    public void postBackup(BackupContext context, BackupOutcome outcome) {
        resumeWriters();
    }

    @Override
    public void preRestore(RestoreContext context) throws Exception {
        pauseWriters();
    }

    @Override
    public void postRestore(RestoreContext context, BackupOutcome outcome) throws Exception {
        try {
            Optional<Path> restored = context.restoredDirectory().map(d -> d.resolve(FILE)).filter(Files::exists);
            if (outcome.isSuccess() && restored.isPresent()) {
                Files.copy(restored.get(), stateFile, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("Rule state restored from backup {}", context.backupId());
            }
        } finally {
            resumeWriters();
        }
    }

    private void pauseWriters() throws InterruptedException {
        // Bounded below the manager's participant timeout, so that the failure says what was waited for.
        if (!writes.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The rule engine did not finish writing its state within 60 s");
        }
        paused = true;
    }

    /** Called also when our own pre step threw: release only what we took. */
    private void resumeWriters() {
        if (paused) {
            paused = false;
            writes.release();
        }
    }
}
