/**
 * Reads what backups hold without restoring them, straight from the agent's stream: the
 * {@link org.homeautomation.backup.api.BackupBrowser} service (listing, comparison), and
 * {@link org.homeautomation.backup.core.internal.browse.TargetRestore}, which unpacks a backup or chosen paths of it
 * into a folder other than the live ones.
 */
package org.homeautomation.backup.core.internal.browse;
