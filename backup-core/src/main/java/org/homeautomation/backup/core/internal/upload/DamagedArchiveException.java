package org.homeautomation.backup.core.internal.upload;

import java.io.IOException;

/**
 * An archive read from an agent is not the one its metadata describes: longer, shorter, or with another digest. The
 * copy on that agent is damaged; another agent's copy may be whole.
 */
public final class DamagedArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String detail;

    /**
     * @param description what was read: "backup X from agent 'Y'"
     * @param detail what is wrong, with the sizes or digests: "it has 4096 bytes, the metadata says 4000"
     */
    public DamagedArchiveException(String description, String detail) {
        super("The copy of " + description + " is damaged: " + detail + ". Download it from another agent.");
        this.detail = detail;
    }

    /** @return what is wrong, without what was read: for a caller that says that itself */
    public String detail() {
        return detail;
    }
}
