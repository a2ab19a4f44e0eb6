/**
 * Writes backup archives in the format described in {@code docs/archive-format.md}: an outer POSIX tar holding
 * {@code backup.json} and one zstd-compressed POSIX tar per content. The entry point is
 * {@link org.homeautomation.backup.core.internal.archive.ArchiveWriter}.
 */
package org.homeautomation.backup.core.internal.archive;
