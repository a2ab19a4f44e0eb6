package org.homeautomation.backup.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Verifies stored backups without restoring them, as {@code restic check --read-data} does: each copy is read back
 * from its agent in one streaming pass, its size and SHA-256 digest are checked against the metadata, a protected
 * copy is decrypted when the password is given (every 64 KiB chunk authenticated), and every entry of every content
 * is checked by the rules a restore applies and read through to its end, so that a copy that would fail a restore is
 * found before it is needed. Nothing is
 * written anywhere; memory stays bounded whatever the size of the backup.
 *
 * <p>Registered as a service by the backup core bundle, beside the {@link BackupManager}. Verification reads only the
 * agents' copies: it runs alongside backups and restores, and several may run at once. Each verification of a copy
 * publishes {@link BackupEvents#TOPIC_VERIFY} events. All methods are thread-safe and block until the copies are
 * read, which takes as long as downloading them.
 */
@ProviderType
public interface BackupVerifier {

    /**
     * Verifies one agent's copy of a backup. Damage is not an exception: it is reported in the result, with where it
     * was found. A protected copy verified without a password is checked as far as possible without it (size,
     * digest, the names of its contents) and the result says that its contents were not checked.
     *
     * @param backupId the backup's id
     * @param agentId the agent whose copy to verify
     * @param password the password of a protected copy; null to check it without (not kept, the caller wipes it);
     *        ignored for an unprotected copy
     * @return what was checked, and what is wrong if anything
     * @throws IncorrectPasswordException when a password is given and does not open a protected copy
     * @throws BackupNotFoundException when the agent does not hold the backup
     * @throws UnknownAgentException when no agent with that id is registered
     * @throws BackupException when the agent cannot say what it holds (a copy that cannot be read is a result with
     *         {@link VerificationProblem.Kind#AGENT_UNAVAILABLE}, not an exception)
     * @throws IllegalArgumentException when the backup id is not valid
     */
    VerificationResult verify(String backupId, String agentId, char[] password) throws BackupException;

    /**
     * Verifies the copy of every agent that holds a backup, one after the other, in the order of the agents' ids.
     *
     * @param backupId the backup's id
     * @param password the password of its protected copies; null to check them without
     * @return one result per copy, in the order of the agents' ids
     * @throws IncorrectPasswordException when a password is given and does not open a protected copy
     * @throws BackupNotFoundException when no agent holds the backup
     * @throws BackupException when the agents cannot say what they hold
     * @throws IllegalArgumentException when the backup id is not valid
     */
    List<VerificationResult> verifyAll(String backupId, char[] password) throws BackupException;
}
