package org.homeautomation.backup.support.secret;

import java.util.Objects;

/**
 * A secret from a configuration (an S3 secret key, a repository password), kept out of logs and messages by accident
 * as well as on purpose: {@link #toString()} hides it, so that a settings object or a debugger's view never prints it.
 */
public final class Secret {
    private final String value;

    /** @param value the secret, not null */
    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** @return the secret itself, for the one place that needs it (the SDK's credentials, scrypt) */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "(hidden)";
    }
}
