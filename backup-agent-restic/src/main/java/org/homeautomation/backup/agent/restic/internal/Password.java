package org.homeautomation.backup.agent.restic.internal;

import java.util.Objects;

/**
 * A repository password, kept out of logs and messages by accident as well as on purpose: {@link #toString()} hides
 * it, so that a settings object or a debugger's view never prints it.
 */
final class Password {
    private final String value;

    Password(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** @return the password itself, for the one place that needs it: scrypt */
    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "(hidden)";
    }
}
