package org.homeautomation.backup.core.internal.automatic;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.VerificationResult;

/**
 * One agent's copy of a backup read back through the verifier, for the automatic status: a line saying what was found,
 * and whether the copy counts as damaged. A copy that cannot be verified at all counts as damaged, since nobody can
 * rely on it.
 *
 * @param line the one-line result
 * @param damaged whether the copy is damaged or could not be verified
 */
record CopyCheck(String line, boolean damaged) {

    /**
     * @param verifier the verifier, or null when its service is not there
     * @param backupId the backup
     * @param agent the agent holding the copy
     * @param password the password to open a protected copy with, or null to check it as far as possible without
     * @return what was found
     */
    static CopyCheck of(BackupVerifier verifier, String backupId, String agent, char[] password) {
        if (verifier == null) {
            return new CopyCheck("not verified: the backup core's verifier is not running", true);
        }
        try {
            return of(verifier.verify(backupId, agent, password), "");
        } catch (IncorrectPasswordException e) {
            // Made with a password since changed: what can be checked without it still finds damage at rest.
            try {
                return of(verifier.verify(backupId, agent, null), "the automatic backups' password does not open"
                        + " it, so it was ");
            } catch (BackupException | RuntimeException again) {
                return unverifiable(again);
            }
        } catch (BackupException | RuntimeException e) {
            return unverifiable(e);
        }
    }

    private static CopyCheck of(VerificationResult result, String prefix) {
        return new CopyCheck(prefix + result.summary(), !result.ok());
    }

    private static CopyCheck unverifiable(Exception e) {
        return new CopyCheck("could not be verified: " + e.getMessage(), true);
    }
}
