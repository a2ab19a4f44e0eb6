package org.homeautomation.backup.api;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, lists, downloads and deletes backups across every registered {@link BackupAgent}. Registered as a service
 * by the backup core bundle. All methods are thread-safe.
 *
 * <p>One backup operation runs at a time. Methods that talk to agents block on their I/O; an agent that fails is
 * reported as that agent's failure and does not fail the others.
 */
@ProviderType
public interface BackupManager {

    /**
     * Starts a backup and returns at once. The manager runs the participants, writes the archive and uploads it to
     * every selected agent concurrently, on its own threads.
     *
     * @param request what to back up and where to
     * @return the running backup, to wait on
     * @throws BackupBusyException when a backup operation is already running
     * @throws UnknownAgentException when the request names an agent that is not registered
     * @throws BackupException when the request names a content that does not exist, or no agent is registered
     */
    BackupJob create(BackupRequest request) throws BackupException;

    /**
     * @return the backup operation running now, if any
     */
    Optional<BackupJob> activeJob();

    /**
     * Lists the backups of every agent, merged by id, newest first. A backup whose upload failed everywhere is
     * listed while the manager remembers the failure. Blocks while agents list; an agent that fails is named in
     * {@link BackupListing#agentErrors()}.
     *
     * @return the backups
     */
    BackupListing list();

    /**
     * @param backupId the backup's id
     * @return the backup, with the agents that hold it
     * @throws BackupNotFoundException when no agent holds it and no failure of it is remembered
     * @throws IllegalArgumentException when the id is not valid
     */
    Backup get(String backupId) throws BackupNotFoundException;

    /**
     * Opens a backup archive for reading. The stream checks the archive's SHA-256 digest against the metadata: when
     * the bytes differ, reading its end throws an {@link java.io.IOException} that says so.
     *
     * @param backupId the backup's id
     * @param agentId the agent to read from, or null for the first agent that holds it
     * @return the archive; the caller closes it
     * @throws BackupNotFoundException when the agent (or, for null, every agent) does not hold it
     * @throws UnknownAgentException when no agent with that id is registered
     * @throws BackupException when the agent fails
     */
    InputStream download(String backupId, String agentId) throws BackupException;

    /**
     * Deletes a backup from some or all agents. Every named agent is tried, also after one fails.
     *
     * @param backupId the backup's id
     * @param agentIds the agents to delete from; empty for every agent that holds it
     * @throws BackupNotFoundException when none of those agents holds it
     * @throws UnknownAgentException when a named agent is not registered
     * @throws BackupException when an agent failed to delete it, naming each
     */
    void delete(String backupId, Set<String> agentIds) throws BackupException;

    /**
     * Opens a backup archive for reading, unprotected: a protected copy is decrypted on the fly with the password and
     * its {@code backup.json} says {@code "protected": false}, so the result opens with {@code tar} and {@code zstd}
     * alone. An unprotected copy is returned as it is stored (the password is then not needed). A wrong password is
     * detected before the first byte is returned. The stream fails at its end when the archive was damaged.
     *
     * @param backupId the backup's id
     * @param agentId the agent to read from, or null for the first agent that holds it
     * @param password the password of a protected backup; null to get the archive as stored, like
     *        {@link #download(String, String)}
     * @return the archive; the caller closes it
     * @throws IncorrectPasswordException when the password does not open the backup
     * @throws BackupNotFoundException when the agent (or, for null, every agent) does not hold it
     * @throws UnknownAgentException when no agent with that id is registered
     * @throws BackupException when the agent fails
     */
    InputStream download(String backupId, String agentId, char[] password) throws BackupException;

    /**
     * Restores a backup into the live folders and participants it came from, and waits until it is done. In order:
     * the archive is fetched into staging and its SHA-256 digest checked; the password and every entry are checked
     * (no absolute paths, no {@code ..}, no links leading outside, no devices or pipes) and the free space; each
     * content is unpacked into a staging folder beside its live folder; participants' {@code preRestore} runs; the
     * live folders are swapped with the restored ones, keeping the old trees until the restore is complete; then
     * {@code postRestore}. Any failure before the end puts every old tree back. A restore cut off by a crash is
     * rolled back or finished when the manager next starts, so a folder is never left half old and half new.
     *
     * @param backupId the backup's id
     * @param options the agent, contents and password
     * @return what was restored
     * @throws BackupBusyException when a backup operation is already running
     * @throws IncorrectPasswordException when the backup is protected and the password is missing or wrong
     * @throws BackupNotFoundException when no agent (or not the named one) holds the backup
     * @throws UnknownAgentException when the named agent is not registered
     * @throws BackupException when the archive is damaged or unsafe, its format is newer than this manager, a content
     *         is not in it or has nowhere to go, the disk lacks space, or a participant refused; the message says
     *         which
     */
    RestoreResult restore(String backupId, RestoreOptions options) throws BackupException;

    /**
     * @return the agents registered now, sorted by id
     */
    List<AgentInfo> agents();

    /**
     * The participants registered now, in the order their {@code preBackup} runs, including those the manager
     * ignores (an invalid id, an id that a configured source already uses, an id registered twice), each with the
     * reason. A backup made while a participant is ignored carries a warning that names it.
     *
     * @return the participants
     */
    List<ParticipantInfo> participants();

    /**
     * @return the content names a backup can include now: configured sources and registered participants
     */
    List<String> contents();

    /**
     * @return what the manager is doing now
     */
    ManagerState state();
}
