package org.homeautomation.backup.gogo.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.BackupBrowser;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.console.BackupBrowsing;
import org.homeautomation.backup.console.BackupCreation;
import org.homeautomation.backup.console.BackupCreation.ProgressSource;
import org.homeautomation.backup.console.BackupDeletion;
import org.homeautomation.backup.console.BackupDetails;
import org.homeautomation.backup.console.BackupDownload;
import org.homeautomation.backup.console.BackupListings;
import org.homeautomation.backup.console.BackupRestore;
import org.homeautomation.backup.console.BackupVerification;
import org.homeautomation.backup.console.CommandFailedException;
import org.homeautomation.backup.console.Console;
import org.homeautomation.backup.console.ProgressListener;
import org.homeautomation.backup.console.VerifyProgressListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code backup:*} commands of the Apache Felix Gogo shell: Gogo's arguments, options and session mapped to the
 * console code the Karaf commands share ({@code org.homeautomation.backup.console}), so that both shells print the
 * same and refuse the same. A failure ends the command with one line (Gogo prints the exception's text, which is the
 * line alone) and a script that runs the command stops.
 */
@Component(service = BackupCommands.class, property = {
    "osgi.command.scope=backup",
    "osgi.command.function=create",
    "osgi.command.function=list",
    "osgi.command.function=info",
    "osgi.command.function=status",
    "osgi.command.function=agents",
    "osgi.command.function=participants",
    "osgi.command.function=contents",
    "osgi.command.function=diff",
    "osgi.command.function=delete",
    "osgi.command.function=download",
    "osgi.command.function=restore",
    "osgi.command.function=verify"
})
public final class BackupCommands {
    private final BackupManager manager;
    private final BundleContext context;

    /** The core bundle's scheduler; absent only while it (re)starts, when nothing is known of automatic backups. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AutomaticBackups automatic;

    /** The verifier of the core bundle; absent only while it (re)starts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BackupVerifier verifier;

    /** Lists and compares backups; absent only while the core bundle (re)starts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BackupBrowser browser;

    /** The time zone times are shown in; tests set it. */
    ZoneId zone = ZoneId.systemDefault();

    /**
     * @param manager the backup manager
     * @param context this bundle's context, to follow a backup's progress events; null shows no progress
     */
    @Activate
    public BackupCommands(@Reference(name = "manager") BackupManager manager, BundleContext context) {
        this.manager = manager;
        this.context = context;
    }

    /**
     * Creates a backup named after the current time, on every agent.
     *
     * @param session the shell session, to ask for a password
     * @param protect whether to protect the backup with a password, asked for at the console
     */
    @Descriptor("create a backup of everything on every agent, named \"Backup\" and the current time; show its"
            + " progress until it ends")
    public void create(CommandSession session,
            @Descriptor("protect the backup with a password, asked for at the console")
            @Parameter(names = { "-p", "--protect" }, presentValue = "true", absentValue = "false") boolean protect) {
        create(session, protect, null, List.of());
    }

    /**
     * Creates a backup and shows its progress until it ends.
     *
     * @param session the shell session, to ask for a password
     * @param protect whether to protect the backup with a password, asked for at the console
     * @param name the backup's name
     * @param agents the agents to upload to; none for every agent
     */
    @Descriptor("create a backup and show its progress until it ends; Ctrl-C stops waiting, the backup goes on")
    public void create(CommandSession session,
            @Descriptor("protect the backup with a password, asked for at the console")
            @Parameter(names = { "-p", "--protect" }, presentValue = "true", absentValue = "false") boolean protect,
            @Descriptor("the backup's name") String name,
            @Descriptor("agents to upload to (default: every agent)") String... agents) {
        create(session, protect, name, List.of(agents));
    }

    private void create(CommandSession session, boolean protect, String name, List<String> agents) {
        ProgressSource progress = context == null ? ProgressSource.NONE
                : board -> ProgressListener.register(context, board);
        new BackupCreation(manager, console(session), progress).create(name, agents, List.of(), protect);
    }

    /** Lists the backups of every agent. */
    @Descriptor("list the backups of every agent, newest first")
    public void list() {
        new BackupListings(manager, console(null)).backups();
    }

    /**
     * Shows one backup.
     *
     * @param backupId the backup's id
     */
    @Descriptor("show everything known of one backup")
    public void info(@Descriptor("the backup's id (see backup:list)") String backupId) {
        new BackupDetails(manager, console(null)).info(backupId);
    }

    /** Shows what the manager is doing and how automatic backups fare. */
    @Descriptor("show what the backup manager is doing, the last and next automatic backup, and why the last one"
            + " failed")
    public void status() {
        new BackupDetails(manager, console(null)).status(automatic);
    }

    /** Lists the registered agents. */
    @Descriptor("list the registered backup agents and whether each can reach its storage now")
    public void agents() {
        new BackupListings(manager, console(null)).agents();
    }

    /** Lists the registered participants and whether each takes part in backups. */
    @Descriptor("list the backup participants, whether each takes part in backups, and why not")
    public void participants() {
        new BackupListings(manager, console(null)).participants();
    }

    /** Lists the content names a backup can include. */
    @Descriptor("list what a backup can include: configured sources and participants")
    public void contents() {
        new BackupListings(manager, console(null)).contents();
    }

    /**
     * Lists the files of a backup.
     *
     * @param session the shell session, to ask for a password
     * @param agent the agent to read from; empty for the first that holds it
     * @param content the one content to list; empty for every content
     * @param backupId the backup's id
     * @param globs globs choosing entries; none for all
     */
    @Descriptor("list the files of a backup with permissions, size and time; globs (content/path, * ? **) choose"
            + " which; asks for the password of a protected backup")
    public void contents(CommandSession session,
            @Descriptor("the agent to read from (default: the first that holds it)")
            @Parameter(names = { "-a", "--agent" }, absentValue = "") String agent,
            @Descriptor("the one content to list (default: every content)")
            @Parameter(names = { "-c", "--content" }, absentValue = "") String content,
            @Descriptor("the backup's id (see backup:list)") String backupId,
            @Descriptor("globs matched against content/path: * and ? within a name, ** across folders; a folder"
                    + " chooses all in it") String... globs) {
        new BackupBrowsing(manager, browser(), console(session)).contents(backupId, orNull(agent), orNull(content),
                List.of(globs));
    }

    /**
     * Lists what changed between two backups.
     *
     * @param session the shell session, to ask for a password
     * @param agent the agent to read both from; empty for the first that holds each
     * @param content the one content to compare; empty for every content
     * @param firstId the older backup
     * @param secondId the newer backup
     * @param globs globs choosing entries; none for all
     */
    @Descriptor("list the files added (+), removed (-) and changed (~) from one backup to another, by type, size,"
            + " time, permissions, link and, where sizes match, content (SHA-256)")
    public void diff(CommandSession session,
            @Descriptor("the agent to read both from (default: the first that holds each)")
            @Parameter(names = { "-a", "--agent" }, absentValue = "") String agent,
            @Descriptor("the one content to compare (default: every content)")
            @Parameter(names = { "-c", "--content" }, absentValue = "") String content,
            @Descriptor("the older backup's id") String firstId,
            @Descriptor("the newer backup's id") String secondId,
            @Descriptor("globs choosing entries, matched against content/path") String... globs) {
        new BackupBrowsing(manager, browser(), console(session)).diff(firstId, secondId, orNull(agent),
                orNull(content), List.of(globs));
    }

    /**
     * Deletes a backup.
     *
     * @param backupId the backup's id
     * @param agents the agents to delete it from; none for every agent that holds it
     */
    @Descriptor("delete a backup from every agent that holds it, or from the agents given")
    public void delete(@Descriptor("the backup's id") String backupId,
            @Descriptor("agents to delete it from (default: every agent that holds it)") String... agents) {
        new BackupDeletion(manager, console(null)).delete(backupId, List.of(agents));
    }

    /**
     * Saves a backup's archive to a new file; its digest is checked while it is read.
     *
     * @param session the shell session, whose current folder a relative file name is resolved against
     * @param agent the agent to read from; empty for the first that holds it
     * @param decrypt whether to ask for the password and save a protected backup unprotected
     * @param backupId the backup's id
     * @param file the file to create
     */
    @Descriptor("save a backup's archive to a new file, checking its SHA-256 digest; never overwrites a file")
    public void download(CommandSession session,
            @Descriptor("the agent to read from (default: the first that holds it)")
            @Parameter(names = { "-a", "--agent" }, absentValue = "") String agent,
            @Descriptor("save a protected backup unprotected: asks for its password")
            @Parameter(names = { "-d", "--decrypt" }, presentValue = "true", absentValue = "false") boolean decrypt,
            @Descriptor("the backup's id") String backupId,
            @Descriptor("the file to create; relative to the shell's current folder") String file) {
        Path folder = session == null ? null : session.currentDir();
        new BackupDownload(manager, console(session)).download(backupId, folder, file, orNull(agent), decrypt);
    }

    /**
     * Restores a backup into the live folders after asking to confirm, and for the password of a protected backup.
     *
     * @param session the shell session, to ask
     * @param agent the agent to read from; empty for the first that holds it
     * @param yes whether not to ask to confirm
     * @param target the folder to unpack into instead of the live folders; empty for the live folders
     * @param backupId the backup's id
     * @param contentsOrPaths contents to restore whole, and paths or globs ({@code content/path}: with a '/', '*' or
     *        '?') choosing what to restore; none for every content of the backup. Gogo cannot repeat an option, so
     *        paths come here rather than as Karaf's repeatable {@code --path}
     */
    @Descriptor("restore a backup: replace the live folders of its contents with the backup's, after checking it"
            + " whole; asks to confirm, and for the password of a protected backup. With --target, unpack into"
            + " another folder instead, touching nothing live")
    public void restore(CommandSession session,
            @Descriptor("the agent to read from (default: the first that holds it)")
            @Parameter(names = { "-a", "--agent" }, absentValue = "") String agent,
            @Descriptor("do not ask to confirm")
            @Parameter(names = { "-y", BackupRestore.YES }, presentValue = "true", absentValue = "false") boolean yes,
            @Descriptor("unpack into this folder (each content into <folder>/<content>, which must not exist) instead"
                    + " of the live folders; relative to the shell's current folder")
            @Parameter(names = { "-t", "--target" }, absentValue = "") String target,
            @Descriptor("the backup's id (see backup:list)") String backupId,
            @Descriptor("contents to restore (default: every content of the backup), and paths or globs of the"
                    + " backup (content/path, * ? **) to restore only those") String... contentsOrPaths) {
        Console console = console(session);
        List<String> contents = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String a : contentsOrPaths) {
            (a.indexOf('/') >= 0 || a.indexOf('*') >= 0 || a.indexOf('?') >= 0 ? paths : contents).add(a);
        }
        Path folder = session == null ? null : session.currentDir();
        new BackupRestore(manager, console).restore(backupId, orNull(agent), contents, paths,
                BackupRestore.target(folder, target), yes)
                .filter(result -> result.restartNeeded())
                .ifPresent(result -> console.println("Restart the framework so that it sees the restored folders."));
    }

    /**
     * Verifies the newest backup on every agent that holds it.
     *
     * @param session the shell session, to ask for the password of a protected backup
     */
    @Descriptor("verify the newest backup: read each copy back, check its size and SHA-256, decrypt it (asks for the"
            + " password of a protected backup) and read every file; fails when a copy is damaged")
    public void verify(CommandSession session) {
        verify(session, null, List.of());
    }

    /**
     * Verifies a backup on every agent that holds it, or on the agents given.
     *
     * @param session the shell session, to ask for the password of a protected backup
     * @param backupId the backup's id
     * @param agents the agents whose copies to verify; none for every agent that holds it
     */
    @Descriptor("verify a backup without restoring it: read each copy back, check its size and SHA-256, decrypt it"
            + " (asks for the password of a protected backup) and read every file; fails when a copy is damaged")
    public void verify(CommandSession session, @Descriptor("the backup's id (see backup:list)") String backupId,
            @Descriptor("agents whose copies to verify (default: every agent that holds it)") String... agents) {
        verify(session, backupId, List.of(agents));
    }

    private void verify(CommandSession session, String backupId, List<String> agents) {
        BackupVerifier v = verifier;
        if (v == null) {
            throw new CommandFailedException("Cannot verify: the backup core's verifier is not running. Check that"
                    + " the bundle org.homeautomation.backup.core is active.");
        }
        BackupVerification.ProgressSource progress = context == null ? BackupVerification.ProgressSource.NONE
                : (id, lines) -> VerifyProgressListener.register(context, id, lines);
        new BackupVerification(manager, v, console(session), progress).verify(backupId, agents);
    }

    private BackupBrowser browser() {
        BackupBrowser b = browser;
        if (b == null) {
            throw new CommandFailedException("Cannot read backups: the backup core bundle is not running. Start it"
                    + " (lb, start <id>) and try again.");
        }
        return b;
    }

    /* System.out is looked up on each call, never kept: Gogo gives each session thread its own System.out. */
    private Console console(CommandSession session) {
        PrintStream out = System.out;
        return new Console(out, new SessionInput(session, out), Console.PLAIN_TABLES, zone);
    }

    private static String orNull(String option) {
        return option == null || option.isEmpty() ? null : option;
    }
}
