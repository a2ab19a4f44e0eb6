/**
 * Verification of stored backups: each copy read back from its agent in one streaming pass, its size and digest
 * checked, decrypted when protected and the password is given, and every entry of every content read through. The
 * entry point is {@link org.homeautomation.backup.core.internal.verify.BackupVerifierImpl}.
 */
package org.homeautomation.backup.core.internal.verify;
