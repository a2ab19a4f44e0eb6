package org.homeautomation.backup.console;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.VerificationProblem;
import org.homeautomation.backup.api.VerificationResult;

/**
 * {@code backup:verify [<id>] [agents]}: reads copies of a backup back from their agents and checks them (see
 * {@link BackupVerifier}), showing how far each copy has been read, then a line per copy (ok, or each problem with
 * where it was found) and a summary. A damaged copy, or one that could not be read, fails the command, so that a
 * script notices. The password of a protected copy is asked for at a hidden prompt; where none can be asked, or an
 * empty one is typed, protected copies are checked without it (size and digest only) and the output says so.
 */
public final class BackupVerification {
    private final BackupManager manager;
    private final BackupVerifier verifier;
    private final Console console;
    private final ProgressSource progressSource;
    private Duration refresh = Duration.ofSeconds(1);

    /** Where a running verification's progress lines come from. */
    @FunctionalInterface
    public interface ProgressSource {
        /** Follows no progress: only the outcome is shown. */
        ProgressSource NONE = (backupId, lines) -> () -> { };

        /**
         * Starts passing the progress of a backup's verification on; called before it starts.
         *
         * @param backupId the backup
         * @param lines receives progress lines, on any thread
         * @return what stops listening
         * @throws Exception when listening cannot start
         */
        AutoCloseable listen(String backupId, Consumer<String> lines) throws Exception;
    }

    /**
     * @param manager the backup manager, which lists the backups and their copies
     * @param verifier the verifier
     * @param console where to print, and whom to ask for a password
     * @param progressSource where progress comes from ({@link VerifyProgressListener#register} in a framework)
     */
    public BackupVerification(BackupManager manager, BackupVerifier verifier, Console console,
            ProgressSource progressSource) {
        this.manager = manager;
        this.verifier = verifier;
        this.console = console;
        this.progressSource = progressSource;
    }

    /**
     * @param refresh how often the progress seen since the last look is printed
     * @return this
     */
    public BackupVerification refresh(Duration refresh) {
        this.refresh = refresh;
        return this;
    }

    /**
     * Verifies copies of a backup and waits for the results, printing progress meanwhile.
     *
     * @param backupId the backup; null for the newest backup that an agent holds
     * @param agents the agents whose copies to verify; empty for every agent that holds it
     * @return one result per copy, in the order of the agents
     * @throws CommandFailedException when there is nothing to verify, an agent does not hold the backup, the password
     *         is wrong, or a copy is damaged or could not be read (after every copy was verified and shown)
     */
    public List<VerificationResult> verify(String backupId, List<String> agents) {
        Backup backup = backup(backupId);
        String id = backup.id();
        List<String> targets = targets(backup, agents);
        boolean anyProtected = targets.stream().anyMatch(a -> backup.copies().get(a).isProtected());
        char[] password = anyProtected ? askPassword() : null;
        console.println("Verifying backup " + id + " \"" + backup.metadata().name() + "\" on " + String.join(", ",
                targets) + " (Ctrl-C stops waiting, not the verification)");
        console.flush();
        Queue<String> progress = new ConcurrentLinkedQueue<>();
        AutoCloseable listening = listen(id, progress);
        List<VerificationResult> results;
        try {
            CompletableFuture<List<VerificationResult>> running = CompletableFuture.supplyAsync(
                    () -> verifyEach(id, targets, password), runnable -> {
                        Thread t = new Thread(runnable, "backup-verify-" + id);
                        t.setDaemon(true);
                        t.start();
                    });
            results = await(running, progress, id);
        } finally {
            stop(listening);
        }
        if (results == null) {
            return List.of();
        }
        return tell(id, results);
    }

    private Backup backup(String backupId) {
        if (backupId != null) {
            Backup[] found = { null };
            Attempt.run("Cannot verify backup " + backupId, () -> found[0] = manager.get(backupId));
            return found[0];
        }
        return manager.list().backups().stream().filter(b -> !b.agentIds().isEmpty()).findFirst().orElseThrow(
                () -> new CommandFailedException("There is no backup to verify: no agent holds one. See"
                        + " backup:list."));
    }

    private static List<String> targets(Backup backup, List<String> agents) {
        if (agents.isEmpty()) {
            if (backup.agentIds().isEmpty()) {
                throw new CommandFailedException("Cannot verify backup " + backup.id() + ": no agent holds it now;"
                        + " see backup:info " + backup.id() + ".");
            }
            return List.copyOf(backup.agentIds());
        }
        for (String agent : agents) {
            if (!backup.copies().containsKey(agent)) {
                throw new CommandFailedException("Cannot verify backup " + backup.id() + " on agent '" + agent
                        + "': the agent does not hold it; it is on " + ConsoleText.ids(backup.agentIds()) + ".");
            }
        }
        return List.copyOf(agents);
    }

    /** @return the password, or null to check protected copies without it */
    private char[] askPassword() {
        console.flush();
        try {
            char[] typed = console.prompt().password("Password of the backup (empty to check without it: size and"
                    + " digest only): ");
            if (typed.length > 0) {
                return typed;
            }
        } catch (IOException cannotAsk) {
            console.println("No password can be asked here (" + ConsoleText.oneLine(cannotAsk) + "): protected"
                    + " copies are checked without it, size and digest only.");
        }
        return null;
    }

    private List<VerificationResult> verifyEach(String id, List<String> targets, char[] password) {
        try {
            List<VerificationResult> results = new ArrayList<>();
            for (String agent : targets) {
                try {
                    results.add(verifier.verify(id, agent, password));
                } catch (BackupException e) {
                    throw new CommandFailedException("Cannot verify backup " + id + " on agent '" + agent + "'", e);
                }
            }
            return results;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private AutoCloseable listen(String backupId, Queue<String> progress) {
        try {
            return progressSource.listen(backupId, progress::add);
        } catch (Exception e) {
            // Progress is a convenience: the verification runs and tells its outcome without it.
            return () -> { };
        }
    }

    private static void stop(AutoCloseable listening) {
        try {
            listening.close();
        } catch (Exception e) {
            // The listener goes with the bundle anyway.
        }
    }

    /** @return the results, or null when the person stopped waiting */
    private List<VerificationResult> await(CompletableFuture<List<VerificationResult>> running, Queue<String> progress,
            String id) {
        while (true) {
            try {
                List<VerificationResult> results = running.get(refresh.toMillis(), TimeUnit.MILLISECONDS);
                print(progress);
                return results;
            } catch (TimeoutException stillRunning) {
                print(progress);
                console.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                console.println("Stopped waiting. The verification of backup " + id + " goes on; its outcome is in"
                        + " the log.");
                return null;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CommandFailedException failed) {
                    throw failed;
                }
                throw new CommandFailedException("The verification of backup " + id + " ended abnormally",
                        e.getCause() != null ? e.getCause() : e);
            }
        }
    }

    private void print(Queue<String> progress) {
        for (String line; (line = progress.poll()) != null;) {
            console.println(line);
        }
    }

    private List<VerificationResult> tell(String id, List<VerificationResult> results) {
        List<String> damaged = new ArrayList<>();
        boolean withoutPassword = false;
        for (VerificationResult r : results) {
            lines(r).forEach(console::println);
            if (!r.ok()) {
                damaged.add(r.agentId());
            }
            withoutPassword |= r.ok() && !r.contentsChecked();
        }
        if (!damaged.isEmpty()) {
            throw new CommandFailedException("Backup " + id + " is damaged or unreadable on " + String.join(", ",
                    damaged) + " (" + damaged.size() + " of " + results.size() + " copies). Restore from a whole copy"
                    + " if there is one, and make a new backup.");
        }
        console.println("Backup " + id + " verified: " + results.size() + (results.size() == 1 ? " copy" : " copies")
                + " whole" + (withoutPassword ? "; protected copies checked without the password (size and digest"
                        + " only)." : "."));
        return results;
    }

    /**
     * @param result how the verification of one copy ended
     * @return a line for the copy, then one per problem
     */
    public static List<String> lines(VerificationResult result) {
        List<String> lines = new ArrayList<>();
        if (result.ok()) {
            lines.add("  " + result.agentId() + ": " + result.summary() + " (" + ConsoleText.size(result.bytesRead())
                    + ")");
            return lines;
        }
        lines.add("  " + result.agentId() + ": DAMAGED");
        for (VerificationProblem p : result.problems()) {
            lines.add("    " + p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
                    + p.describe());
        }
        return lines;
    }
}
