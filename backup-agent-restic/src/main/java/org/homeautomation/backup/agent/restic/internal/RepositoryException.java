package org.homeautomation.backup.agent.restic.internal;

/**
 * The repository cannot be used as it is: its message names the repository's folder and what a person can do.
 * Never carries a password or key material.
 */
final class RepositoryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, so that callers can tell an unmounted drive (try later) from a wrong password (fix the settings). */
    enum Reason {
        MISSING, WRONG_PASSWORD, UNSUPPORTED_VERSION, DAMAGED, NOT_EMPTY, LOCKED
    }

    private final Reason reason;

    RepositoryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
