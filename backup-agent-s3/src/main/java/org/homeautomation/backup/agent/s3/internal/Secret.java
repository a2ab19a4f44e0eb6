package org.homeautomation.backup.agent.s3.internal;

import java.util.Objects;

/**
 * A secret key, kept out of logs and messages by accident as well as on purpose: {@link #toString()} hides it, so
 * that a settings object or a debugger's view never prints it.
 */
final class Secret {
    private final String value;

    Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** @return the secret itself, for the one place that needs it: the SDK's credentials */
    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "(hidden)";
    }
}
