package org.homeautomation.backup.api;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A place where whole backup archives are stored: a local folder, an object store bucket, a network share.
 *
 * <p>An agent is an OSGi service. The {@link BackupManager} tracks every registered agent; registering the service is
 * all a bundle does to offer a new place, and unregistering it withdraws it. Several agents of one implementation may
 * be registered at once (one per configured folder or bucket), told apart by {@link #id()}.
 *
 * <h2>The contract</h2>
 * <ul>
 * <li>Methods may block on I/O for as long as the storage needs; the manager calls them from its own threads and
 * several of them may run at once (an upload of one backup while another is listed or downloaded).</li>
 * <li>A backup is either whole or absent: while an upload runs, and after one that failed, {@link #list()} does not
 * show it and {@link #get(String)} does not find it. An agent writes to a temporary place and publishes the backup in
 * one atomic step at the end, and removes what it wrote when the upload fails.</li>
 * <li>Agents throw only {@link BackupAgentException} and its subclasses: {@link BackupNotFoundException} for an id
 * they do not hold, {@link AgentUnavailableException} when their storage cannot be reached now. A message names the
 * agent, the backup id and what a person can do. Secrets (passwords, keys) never appear in a message.</li>
 * <li>Backup ids given to an agent are valid by {@link Identifiers#isValidBackupId(String)}; an agent still rejects
 * one that is not (with {@link BackupAgentException}), since an id that escapes its folder or key prefix would let a
 * caller touch data outside it.</li>
 * </ul>
 * The agent test kit ({@code backup-agent-testkit}) checks all of this against an implementation.
 */
@ConsumerType
public interface BackupAgent {

    /**
     * The agent's id: stable across restarts, unique among the agents of one runtime, valid by
     * {@link Identifiers#isValidAgentId(String)}. Backups are recorded as held by this id.
     *
     * @return the id, never null
     */
    String id();

    /**
     * A name for people, such as "NAS in the basement".
     *
     * @return the name, never null
     */
    String name();

    /**
     * Stores a backup archive under {@code metadata.id()}.
     *
     * <p>The agent reads the archive from {@code source}, as often as it needs: each {@link BackupSource#open()}
     * gives a fresh stream over the same bytes, so an agent can retry a failed transfer. It reports the number of
     * bytes stored so far through {@code progress} from time to time (after each chunk or part); the values never
     * decrease and the last one equals {@link BackupSource#size()}. When this method returns normally the backup is
     * whole and listed. When it throws, nothing of it is listed or gettable.
     *
     * <p>The calling thread may be interrupted when the manager gives up on the upload (the agent was unregistered
     * or the runtime stops); the agent then stops, removes what it wrote and throws.
     *
     * @param source the archive; never null
     * @param metadata the backup's metadata, to be returned as it is by {@link #list()} and {@link #get(String)}
     * @param progress receives the total number of bytes stored so far; never null
     * @throws BackupAgentException when the backup could not be stored; nothing of it is left visible
     */
    void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress) throws BackupAgentException;

    /**
     * Opens a stored archive for reading. The caller closes the stream. The stream yields exactly the bytes that
     * were uploaded; reading may block on I/O and may throw {@link java.io.IOException} when the storage fails midway.
     *
     * @param backupId the backup's id
     * @return a stream over the archive
     * @throws BackupNotFoundException when the agent holds no backup with this id
     * @throws BackupAgentException when the archive cannot be opened
     */
    InputStream download(String backupId) throws BackupAgentException;

    /**
     * Deletes a stored backup: afterwards {@link #list()}, {@link #get(String)} and {@link #download(String)} no
     * longer see it.
     *
     * @param backupId the backup's id
     * @throws BackupNotFoundException when the agent holds no backup with this id, also when it was just deleted
     * @throws BackupAgentException when the backup could not be deleted
     */
    void delete(String backupId) throws BackupAgentException;

    /**
     * Lists the whole backups this agent holds. Files or objects in its storage that are not backups of this
     * platform are ignored.
     *
     * @return the metadata of every backup held, in no particular order; never null
     * @throws BackupAgentException when the storage cannot be listed
     */
    List<BackupMetadata> list() throws BackupAgentException;

    /**
     * Returns the metadata of one stored backup.
     *
     * @param backupId the backup's id
     * @return the metadata given to {@link #upload(BackupSource, BackupMetadata, UploadProgress)}
     * @throws BackupNotFoundException when the agent holds no backup with this id
     * @throws BackupAgentException when the storage cannot be read
     */
    BackupMetadata get(String backupId) throws BackupAgentException;
}
