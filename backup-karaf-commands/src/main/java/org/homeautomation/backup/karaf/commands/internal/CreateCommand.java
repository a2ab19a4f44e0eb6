package org.homeautomation.backup.karaf.commands.internal;

import java.io.PrintStream;
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

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.UploadResult;
import org.osgi.framework.BundleContext;

/**
 * {@code backup:create [name] [--agent id]... [--content name]...}: starts a backup, shows its stages and the upload
 * to each agent while it runs, and ends with a line per agent, the result's warnings and a one-line summary. When an
 * agent or the whole backup failed, the summary is the command's error, so that a script or an ssh client sees the
 * command fail. Ctrl-C stops the waiting, not the backup, which the manager runs on its own threads.
 */
@Service
@Command(scope = "backup", name = "create", description = "Creates a backup and shows its progress until it ends."
        + " Ctrl-C stops waiting; the backup goes on.")
public class CreateCommand extends BackupCommand {
    private static final DateTimeFormatter DEFAULT_NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm",
            Locale.ROOT);

    @Argument(index = 0, name = "name", description = "The backup's name (default: \"Backup\" and the current time).")
    String name;

    @Option(name = "--agent", aliases = "-a", multiValued = true,
            description = "An agent to upload to (default: every agent); repeat for more.")
    @Completion(AgentIdCompleter.class)
    List<String> agents;

    @Option(name = "--content", aliases = "-c", multiValued = true,
            description = "A content to include (default: everything); repeat for more.")
    @Completion(ContentNameCompleter.class)
    List<String> contents;

    @Option(name = "--protect", aliases = "-p", description = "Protect the backup with a password, asked for at the"
            + " console (agents listed in unprotectedAgents store it unprotected).")
    boolean protect;

    @Reference
    BundleContext bundleContext;

    @Reference(optional = true)
    Session session;

    /** Asks for the password; tests replace it. */
    ConsolePrompt prompt;

    /** Listens to backups' events; tests replace it. */
    ProgressSource progressSource = this::listenToEvents;

    /** How often the progress seen since the last look is printed. */
    Duration refresh = Duration.ofSeconds(1);

    /** How long to wait, once the result is known, for the backup's last stages to be delivered. */
    Duration lastEvents = Duration.ofSeconds(3);

    private String backupId;

    /** Where a running backup's progress comes from. */
    @FunctionalInterface
    interface ProgressSource {
        /**
         * Starts posting backups' progress to a board; called before the backup starts, so that none is missed.
         *
         * @param board where to post it; it keeps the backup it is told to follow
         * @return what stops listening
         * @throws Exception when listening cannot start
         */
        AutoCloseable listen(ProgressBoard board) throws Exception;
    }

    @Override
    void run(PrintStream console) throws BackupException, CommandException {
        String backupName = name != null ? name : "Backup " + LocalDateTime.now().format(DEFAULT_NAME_TIME);
        BackupRequest.Builder builder = BackupRequest.builder(backupName)
                .agents(agents == null ? List.of() : agents)
                .contents(contents == null ? List.of() : contents);
        if (protect) {
            char[] password = askPassword();
            builder.password(password);
            Arrays.fill(password, '\0');
        }
        BackupRequest request = builder.build();
        ProgressBoard board = new ProgressBoard();
        AutoCloseable listening = listen(board);
        try {
            BackupJob job = manager.create(request);
            backupId = job.backupId();
            board.follow(backupId);
            console.println("Creating backup " + backupId + " \"" + job.name() + "\" (Ctrl-C stops waiting, not the"
                    + " backup)");
            BackupResult result = await(job.completion().toCompletableFuture(), board, console);
            board.takeUpdates().forEach(console::println);
            for (String line : agentLines(result)) {
                console.println(line);
            }
            if (result.status() != BackupResult.Status.SUCCEEDED) {
                // Scripts and ssh clients see a failed command: Karaf prints the line as its error.
                throw new CommandException(summary(result));
            }
            console.println(summary(result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.println("Stopped waiting. Backup " + backupId + " goes on; see backup:status and backup:list.");
        } catch (ExecutionException e) {
            throw new CommandException("Backup " + backupId + " ended abnormally: "
                    + ConsoleText.oneLine(e.getCause() != null ? e.getCause() : e), e);
        } finally {
            stop(listening);
        }
    }

    private AutoCloseable listen(ProgressBoard board) throws CommandException {
        try {
            return progressSource.listen(board);
        } catch (Exception e) {
            throw new CommandException("Cannot start backup" + (name == null ? "" : " \"" + name + "\"")
                    + ": its progress cannot be followed: " + ConsoleText.oneLine(e) + ". Nothing was created.", e);
        }
    }

    private static void stop(AutoCloseable listening) {
        try {
            listening.close();
        } catch (Exception e) {
            // The listener goes with the bundle anyway; the backup's outcome has been told.
        }
    }

    private char[] askPassword() throws CommandException {
        try {
            return (prompt != null ? prompt : ConsolePrompt.of(session)).askNew();
        } catch (java.io.IOException e) {
            throw new CommandException("Cannot protect the backup: " + e.getMessage() + ". Nothing was created.", e);
        }
    }

    /** Waits for the result, printing progress meanwhile, then for the last stages' events. */
    private BackupResult await(CompletableFuture<BackupResult> completion, ProgressBoard board, PrintStream console)
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
            }
        }
    }

    private AutoCloseable listenToEvents(ProgressBoard board) {
        return bundleContext == null ? () -> { } : ProgressListener.register(bundleContext, board);
    }

    /**
     * @param result how a backup ended
     * @return one line per agent, stored or failed with the reason, then one per warning
     */
    static List<String> agentLines(BackupResult result) {
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
    static String summary(BackupResult result) {
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

    @Override
    String whatFailed() {
        return backupId == null ? "Cannot start backup" + (name == null ? "" : " \"" + name + "\"")
                : "Backup " + backupId + " failed";
    }
}
