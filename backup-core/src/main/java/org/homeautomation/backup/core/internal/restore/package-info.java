/**
 * A restore: reading the archive once as the agent streams it
 * ({@link org.homeautomation.backup.core.internal.restore.ArchiveStreamReader}), unpacking each content into a new
 * staging folder while checking every entry before it is written
 * ({@link org.homeautomation.backup.core.internal.restore.ContentExtractor}; a tar can also be checked without writing
 * anything, {@link org.homeautomation.backup.core.internal.restore.ContentTarVerifier}), and putting all restored folders
 * in place together, reversibly and safely against a crash at any point
 * ({@link org.homeautomation.backup.core.internal.restore.RestoreTransaction}).
 */
package org.homeautomation.backup.core.internal.restore;
