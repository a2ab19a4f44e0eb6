package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;

/**
 * An archive's {@code backup.json} names another backup than the one it was read as: the archive file of one backup
 * was put, with matching metadata, under another's id.
 */
public final class ForeignArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what the archive is and what it was read as */
    public ForeignArchiveException(String message) {
        super(message);
    }
}
