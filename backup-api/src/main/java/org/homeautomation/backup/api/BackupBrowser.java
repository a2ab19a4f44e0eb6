package org.homeautomation.backup.api;

import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads what a backup holds without restoring it: the entries of its contents, and how two backups differ. Registered
 * as a service by the backup core bundle. All methods are thread-safe and may run beside a backup or a restore.
 *
 * <p>Entries are streamed to a receiver as the archive is read from the agent, one at a time: memory does not grow with
 * the size of the backup, and nothing is written to disk. Each content's entries come in archive order (a folder
 * before what is in it, the entries of a folder sorted by name); contents come in the backup's order. A receiver
 * returns {@code false} to stop reading.
 */
@ProviderType
public interface BackupBrowser {

    /**
     * Lists the entries of a backup. Blocks while the archive is read; the receiver is called on the calling thread.
     * Damage found while reading (a cut archive, a failed zstd or age check) ends the listing with an exception after
     * the entries read before it.
     *
     * @param backupId the backup's id
     * @param options the agent, the password of a protected backup, the content and globs choosing entries
     * @param receiver given each chosen entry; returns false to stop reading
     * @throws IncorrectPasswordException when the backup is protected and the password is missing or wrong
     * @throws BackupNotFoundException when no agent (or not the named one) holds the backup
     * @throws UnknownAgentException when the named agent is not registered
     * @throws BackupException when the backup has no such content, or the agent or the archive fails; the message
     *         names the backup and the agent
     * @throws IllegalArgumentException when the id is not valid
     */
    void list(String backupId, BrowseOptions options, Predicate<? super BackupEntry> receiver) throws BackupException;

    /**
     * Compares two backups path by path: what only the second has (added), what only the first has (removed), and
     * what differs (by type, size, modification time, permissions, link target and, where the sizes match, content by
     * SHA-256). Each backup is read once, both at the same pace, and memory does not grow with their size. The same
     * options (agent, password, content, globs) apply to both. Changes come in archive order, per content.
     *
     * @param firstId the older backup, usually
     * @param secondId the newer backup, usually
     * @param options the agent, the password of protected backups, the content and globs choosing entries
     * @param receiver given each change; returns false to stop reading
     * @throws IncorrectPasswordException when a backup is protected and the password is missing or wrong
     * @throws BackupNotFoundException when no agent (or not the named one) holds one of them
     * @throws UnknownAgentException when the named agent is not registered
     * @throws BackupException when the agent or an archive fails, or the content is in neither backup; the message
     *         names the backup
     * @throws IllegalArgumentException when an id is not valid
     */
    void diff(String firstId, String secondId, BrowseOptions options, Predicate<? super EntryChange> receiver)
            throws BackupException;
}
