package org.homeautomation.backup.core.internal.archive;

/** What {@link ArchiveWriter} does with a source file or folder it cannot read. */
public enum UnreadableFilePolicy {
    /** Stop and fail the whole archive with an {@link UnreadableFileException}. */
    FAIL,
    /** Leave the file out and report it as a warning in {@link ArchiveSummary#warnings()}. */
    SKIP
}
