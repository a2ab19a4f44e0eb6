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
 * to each agent while it runs, and ends with a line per agent and a one-line summary. Ctrl-C stops the waiting, not
 * the backup, which the manager runs on its own threads.
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

    /** Follows a backup's events; tests replace it. */
    ProgressSource progressSource = this::followEvents;

    /** How often the progress seen since the last look is printed. */
    Duration refresh = Duration.ofSeconds(1);

    private String backupId;

    /** Where a running backup's progress comes from. */
    @FunctionalInterface
    interface ProgressSource {
        /**
         * @param backupId the backup to follow
         * @param board where to post its progress
         * @return what stops following it
         * @throws Exception when following cannot start
         */
        AutoCloseable follow(String backupId, ProgressBoard board) throws Exception;
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
        BackupJob job = manager.create(builder.build());
        backupId = job.backupId();
        console.println("Creating backup " + backupId + " \"" + job.name() + "\" (Ctrl-C stops waiting, not the"
                + " backup)");
        ProgressBoard board = new ProgressBoard();
        BackupResult result;
        try (AutoCloseable following = progressSource.follow(backupId, board)) {
            result = await(job.completion().toCompletableFuture(), board, console);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.println("Stopped waiting. Backup " + backupId + " goes on; see backup:status and backup:list.");
            return;
        } catch (ExecutionException e) {
            throw new CommandException("Backup " + backupId + " ended abnormally: "
                    + ConsoleText.oneLine(e.getCause() != null ? e.getCause() : e), e);
        } catch (CommandException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Only following the events can throw anything else; the backup runs on without it.
            throw new CommandException("Backup " + backupId + " was started but its progress cannot be followed: "
                    + ConsoleText.oneLine(e) + ". See backup:status and backup:list.", e);
        }
        board.takeUpdates().forEach(console::println);
        for (String line : agentLines(result)) {
            console.println(line);
        }
        if (result.status() == BackupResult.Status.FAILED) {
            throw new CommandException(summary(result));
        }
        console.println(summary(result));
    }

    private char[] askPassword() throws CommandException {
        try {
            return (prompt != null ? prompt : ConsolePrompt.of(session)).askNew();
        } catch (java.io.IOException e) {
            throw new CommandException("Cannot protect the backup: " + e.getMessage() + ". Nothing was created.", e);
        }
    }

    private BackupResult await(CompletableFuture<BackupResult> completion, ProgressBoard board, PrintStream console)
            throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return completion.get(refresh.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                board.takeUpdates().forEach(console::println);
            }
        }
    }

    private AutoCloseable followEvents(String id, ProgressBoard board) {
        return bundleContext == null ? () -> { } : ProgressListener.register(bundleContext, id, board);
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
        return switch (result.status()) {
            case SUCCEEDED -> "Backup " + result.backupId() + " created" + size + " on " + agentCount
                    + (agentCount == 1 ? " agent." : " agents.");
            case PARTIALLY_FAILED -> "Backup " + result.backupId() + " created" + size + " on "
                    + (agentCount - failed) + " of " + agentCount + " agents; failed on "
                    + String.join(", ", result.failedUploads().stream().map(UploadResult::agentId).toList()) + ".";
            case FAILED -> "Backup " + result.backupId() + " failed: " + result.failureReason()
                    .orElse("no agent stored it") + ".";
        };
    }

    @Override
    String whatFailed() {
        return backupId == null ? "Cannot start backup" + (name == null ? "" : " \"" + name + "\"")
                : "Backup " + backupId + " failed";
    }
}
