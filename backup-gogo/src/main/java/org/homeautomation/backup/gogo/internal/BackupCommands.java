package org.homeautomation.backup.gogo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.support.files.ArchiveFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code backup:*} commands of the Apache Felix Gogo shell. Each command prints its result; a failure is printed
 * as one line with the reason, without a stack trace, because the reader is a person at a console. A backup that
 * failed on any agent ends {@code backup:create} with a {@link CommandFailedException}, so that a script sees it.
 */
@Component(service = BackupCommands.class, property = {
    "osgi.command.scope=backup",
    "osgi.command.function=create",
    "osgi.command.function=list",
    "osgi.command.function=agents",
    "osgi.command.function=participants",
    "osgi.command.function=delete",
    "osgi.command.function=download",
    "osgi.command.function=restore",
    "osgi.command.function=contents"
})
public final class BackupCommands {
    private static final DateTimeFormatter DEFAULT_NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final BackupManager manager;
    private final ConsoleText text = new ConsoleText(ZoneId.systemDefault());

    /**
     * @param manager the backup manager
     */
    @Activate
    public BackupCommands(@Reference(name = "manager") BackupManager manager) {
        this.manager = manager;
    }

    /**
     * Creates a backup named after the current time, on every agent.
     */
    @Descriptor("create a backup of every content on every agent, named after the current time, and wait for it")
    public void create() {
        create("Backup " + LocalDateTime.now().format(DEFAULT_NAME_TIME));
    }

    /**
     * Creates a backup and waits for it to end.
     *
     * @param name the backup's name
     * @param agents the agents to upload to; none for every agent
     * @throws CommandFailedException when the backup cannot start, or an agent or the whole backup failed; its message
     *         says which
     */
    @Descriptor("create a backup and wait for it")
    public void create(@Descriptor("the backup's name") String name,
            @Descriptor("agents to upload to (default: every agent)") String... agents) {
        BackupJob job;
        try {
            job = manager.create(BackupRequest.builder(name).agents(agents).build());
        } catch (BackupException | RuntimeException e) {
            throw new CommandFailedException("Cannot start backup \"" + name + "\": " + reason(e));
        }
        out().println("Creating backup " + job.backupId() + " \"" + job.name() + "\"...");
        BackupResult result;
        try {
            result = job.completion().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out().println("Stopped waiting; backup " + job.backupId() + " goes on in the background."
                    + " See backup:list.");
            return;
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new CommandFailedException("Backup " + job.backupId() + " ended abnormally: " + reason(cause));
        }
        out().print(text.created(result));
        if (result.status() != BackupResult.Status.SUCCEEDED) {
            throw new CommandFailedException(text.summary(result));
        }
        out().println(text.summary(result));
    }

    /**
     * Lists the backups of every agent.
     */
    @Descriptor("list the backups of every agent, newest first")
    public void list() {
        try {
            out().print(text.backups(manager.list()));
        } catch (RuntimeException e) {
            fail("cannot list backups", e);
        }
    }

    /**
     * Lists the registered agents.
     */
    @Descriptor("list the registered backup agents")
    public void agents() {
        try {
            out().print(text.agents(manager.agents()));
        } catch (RuntimeException e) {
            fail("cannot list agents", e);
        }
    }

    /**
     * Lists the registered participants and whether each takes part in backups.
     */
    @Descriptor("list the backup participants, whether each takes part in backups, and why not")
    public void participants() {
        try {
            out().print(text.participants(manager.participants()));
        } catch (RuntimeException e) {
            fail("cannot list participants", e);
        }
    }

    /**
     * Lists the content names a backup can include.
     */
    @Descriptor("list what a backup can include: configured sources and participants")
    public void contents() {
        try {
            out().print(text.contents(manager.contents()));
        } catch (RuntimeException e) {
            fail("cannot list contents", e);
        }
    }

    /**
     * Deletes a backup.
     *
     * @param backupId the backup's id
     * @param agents the agents to delete it from; none for every agent that holds it
     */
    @Descriptor("delete a backup")
    public void delete(@Descriptor("the backup's id") String backupId,
            @Descriptor("agents to delete it from (default: every agent that holds it)") String... agents) {
        try {
            Set<String> from = Set.of(agents);
            if (from.isEmpty()) {
                Backup backup = manager.get(backupId);
                from = backup.agentIds();
                manager.delete(backupId, Set.of());
            } else {
                manager.delete(backupId, from);
            }
            out().println("Deleted backup " + backupId
                    + (from.isEmpty() ? "." : " from " + String.join(", ", new TreeSet<>(from)) + "."));
        } catch (BackupException | RuntimeException e) {
            fail("cannot delete backup " + backupId, e);
        }
    }

    /**
     * Saves a backup's archive to a file; its digest is checked while it is read.
     *
     * @param session the shell session, whose current directory relative file names are resolved against
     * @param backupId the backup's id
     * @param file the file to create
     */
    @Descriptor("save a backup's archive to a file, checking its digest")
    public void download(CommandSession session, @Descriptor("the backup's id") String backupId,
            @Descriptor("the file to create") String file) {
        Path target;
        try {
            target = baseDirectory(session).resolve(file).normalize();
        } catch (RuntimeException e) {
            fail("cannot download backup " + backupId + " to " + file, e);
            return;
        }
        try {
            InputStream archive = manager.download(backupId, null);
            long bytes = ArchiveFiles.save(archive, target);
            out().println("Saved backup " + backupId + " to " + target + " (" + ByteSizes.format(bytes) + ").");
        } catch (BackupException | IOException | UncheckedIOException | IllegalArgumentException e) {
            // A FileSystemException's message names its file already.
            fail("cannot download backup " + backupId + (e instanceof FileSystemException ? "" : " to " + target), e);
        }
    }

    /**
     * Restores a backup into the live folders, replacing them; see BackupManager#restore.
     *
     * @param backupId the backup's id
     * @param contents the contents to restore; none for all
     */
    @Descriptor("restore a backup, replacing the live folders of its contents (protected backups: use Karaf's"
            + " backup:restore, which asks for the password)")
    public void restore(@Descriptor("the backup's id") String backupId,
            @Descriptor("contents to restore (default: all)") String... contents) {
        try {
            RestoreResult result = manager.restore(backupId, RestoreOptions.builder().contents(contents).build());
            result.warnings().forEach(w -> out().println("  warning: " + w));
            out().println("Restored backup " + backupId + " from agent '" + result.agentId() + "': "
                    + String.join(", ", result.contents()) + ".");
        } catch (BackupException | RuntimeException e) {
            fail("cannot restore backup " + backupId, e);
        }
    }

    // Looked up on each call, never kept: Gogo gives each session thread its own System.out and System.err.
    private static PrintStream out() {
        return System.out;
    }

    private static PrintStream err() {
        return System.err;
    }

    private static Path baseDirectory(CommandSession session) {
        Path dir = session == null ? null : session.currentDir();
        return dir != null ? dir : Path.of("").toAbsolutePath();
    }

    private static void fail(String what, Throwable e) {
        err().println("Error: " + what + ": " + reason(e));
    }

    /** The message for a person; exceptions without one (a defect) are named by their type instead. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.replaceAll("\\R", " ");
    }
}
