package org.homeautomation.backup.console;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.UploadResult;

/**
 * {@code backup:create}: starts a backup, shows its stages and the upload to each agent while it runs, and ends with a
 * line per agent, the result's warnings and a one-line summary. When an agent or the whole backup failed, the summary
 * is the command's failure, so that a script sees the command fail. An interrupt (Ctrl-C) stops the waiting, not the
 * backup, which the manager runs on its own threads.
 */
public final class BackupCreation {
    private static final DateTimeFormatter DEFAULT_NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm",
            Locale.ROOT);

    private final BackupManager manager;
    private final Console console;
    private final ProgressSource progressSource;
    private Duration refresh = Duration.ofSeconds(1);
    private Duration lastEvents = Duration.ofSeconds(3);

    /** Where a running backup's progress comes from. */
    @FunctionalInterface
    public interface ProgressSource {
        /** Follows no progress: only the outcome is shown. */
        ProgressSource NONE = board -> () -> { };

        /**
         * Starts posting backups' progress to a board; called before the backup starts, so that none is missed.
         *
         * @param board where to post it; it keeps the backup it is told to follow
         * @return what stops listening
         * @throws Exception when listening cannot start
         */
        AutoCloseable listen(ProgressBoard board) throws Exception;
    }

    /**
     * @param manager the backup manager
     * @param console where to print, and whom to ask for a password
     * @param progressSource where the progress comes from ({@link ProgressListener#register} in a framework)
     */
    public BackupCreation(BackupManager manager, Console console, ProgressSource progressSource) {
        this.manager = manager;
        this.console = console;
        this.progressSource = progressSource;
    }

    /**
     * @param refresh how often the progress seen since the last look is printed
     * @param lastEvents how long to wait, once the result is known, for the backup's last stages to be delivered
     * @return this
     */
    public BackupCreation timing(Duration refresh, Duration lastEvents) {
        this.refresh = refresh;
        this.lastEvents = lastEvents;
        return this;
    }

    /**
     * Creates a backup and waits for it to end, printing its progress.
     *
     * @param name the backup's name; null for "Backup" and the current time
     * @param agents the agents to upload to; empty for every agent
     * @param contents the contents to include; empty for everything
     * @param protect whether to ask for a password and protect the backup with it
     * @throws CommandFailedException when the backup cannot start, or failed on an agent or as a whole
     */
    public void create(String name, List<String> agents, List<String> contents, boolean protect) {
        String cannotStart = "Cannot start backup" + (name == null ? "" : " \"" + name + "\"");
        BackupRequest request = request(name, agents, contents, protect, cannotStart);
        ProgressBoard board = new ProgressBoard();
        AutoCloseable listening = listen(board, cannotStart);
        try {
            BackupJob job;
            try {
                job = manager.create(request);
            } catch (BackupException | IllegalArgumentException e) {
                throw new CommandFailedException(cannotStart, e);
            }
            board.follow(job.backupId());
            console.println("Creating backup " + job.backupId() + " \"" + job.name() + "\" (Ctrl-C stops waiting, not"
                    + " the backup)");
            console.flush();
            awaitAndTell(job, board);
        } finally {
            stop(listening);
        }
    }

    private void awaitAndTell(BackupJob job, ProgressBoard board) {
        BackupResult result;
        try {
            result = await(job.completion().toCompletableFuture(), board);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.println("Stopped waiting. Backup " + job.backupId() + " goes on; see backup:status and"
                    + " backup:list.");
            return;
        } catch (ExecutionException e) {
            throw new CommandFailedException("Backup " + job.backupId() + " ended abnormally",
                    e.getCause() != null ? e.getCause() : e);
        }
        board.takeUpdates().forEach(console::println);
        agentLines(result).forEach(console::println);
        if (result.status() != BackupResult.Status.SUCCEEDED) {
            throw new CommandFailedException(summary(result));
        }
        console.println(summary(result));
    }

    private BackupRequest request(String name, List<String> agents, List<String> contents, boolean protect,
            String cannotStart) {
        try {
            BackupRequest.Builder builder = BackupRequest.builder(name != null ? name
                    : "Backup " + LocalDateTime.now().format(DEFAULT_NAME_TIME)).agents(agents).contents(contents);
            if (protect) {
                char[] password = askPassword();
                builder.password(password);
                Arrays.fill(password, '\0');
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            // An id or name the API's rules refuse; the message says which and why.
            throw new CommandFailedException(cannotStart, e);
        }
    }

    private AutoCloseable listen(ProgressBoard board, String cannotStart) {
        try {
            return progressSource.listen(board);
        } catch (Exception e) {
            throw new CommandFailedException(cannotStart + ": its progress cannot be followed: "
                    + ConsoleText.oneLine(e) + ". Nothing was created.");
        }
    }

    private static void stop(AutoCloseable listening) {
        try {
            listening.close();
        } catch (Exception e) {
            // The listener goes with the bundle anyway; the backup's outcome has been told.
        }
    }

    private char[] askPassword() {
        try {
            return console.prompt().askNew();
        } catch (IOException e) {
            throw new CommandFailedException("Cannot protect the backup: " + e.getMessage() + ". Nothing was"
                    + " created.");
        }
    }

    /** Waits for the result, printing progress meanwhile, then for the last stages' events. */
    private BackupResult await(CompletableFuture<BackupResult> completion, ProgressBoard board)
            throws InterruptedException, ExecutionException {
        while (true) {
            try {
                BackupResult result = completion.get(refresh.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    board.awaitEnd(lastEvents);
                } catch (InterruptedException e) {
                    // The backup has ended: its outcome is still told, without the stages not yet delivered.
                    Thread.currentThread().interrupt();
                }
                return result;
            } catch (TimeoutException stillRunning) {
                board.takeUpdates().forEach(console::println);
                console.flush();
            }
        }
    }

    /**
     * @param result how a backup ended
     * @return one line per agent, stored or failed with the reason, then one per warning
     */
    public static List<String> agentLines(BackupResult result) {
        List<String> lines = new ArrayList<>();
        for (UploadResult upload : result.uploads().values()) {
            lines.add("  " + upload.agentId() + ": " + upload.failureReason().map(r -> "failed: " + r)
                    .orElse("stored"));
        }
        result.warnings().forEach(w -> lines.add("  warning: " + w));
        return lines;
    }

    /**
     * @param result how a backup ended
     * @return one line: created where and how large, or why it failed
     */
    public static String summary(BackupResult result) {
        int agentCount = result.uploads().size();
        int failed = result.failedUploads().size();
        String size = result.metadata().map(m -> " (" + ConsoleText.size(m.size()) + ")").orElse("");
        String failedOn = String.join(", ", result.failedUploads().stream().map(UploadResult::agentId).toList());
        return switch (result.status()) {
            case SUCCEEDED -> "Backup " + result.backupId() + " created" + size + " on " + agentCount
                    + (agentCount == 1 ? " agent." : " agents.");
            case PARTIALLY_FAILED -> "Backup " + result.backupId() + " created" + size + " on "
                    + (agentCount - failed) + " of " + agentCount + " agents; failed on " + failedOn + ".";
            case FAILED -> "Backup " + result.backupId() + " failed: " + result.failureReason()
                    .orElse("no agent stored it; failed on " + failedOn) + ".";
        };
    }
}
