/**
 * The file-system half of a restore: checking a content's tar before anything is written
 * ({@link org.homeautomation.backup.core.internal.restore.ContentTarVerifier}), unpacking it into a new staging
 * folder ({@link org.homeautomation.backup.core.internal.restore.ContentExtractor}), and putting all restored folders
 * in place together, reversibly and safely against a crash at any point
 * ({@link org.homeautomation.backup.core.internal.restore.RestoreTransaction}).
 */
package org.homeautomation.backup.core.internal.restore;
