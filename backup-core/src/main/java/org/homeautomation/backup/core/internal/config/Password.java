package org.homeautomation.backup.core.internal.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * A password held for one operation, never shown: {@link #toString()} hides it, so that it cannot reach a log line or
 * a message by accident. {@link #wipe()} overwrites it when the operation is over.
 */
public final class Password {
    private final char[] chars;

    private Password(char[] chars) {
        this.chars = chars.clone();
    }

    /** @return the password, or empty when {@code chars} is null or empty */
    public static Optional<Password> of(char[] chars) {
        return chars == null || chars.length == 0 ? Optional.empty() : Optional.of(new Password(chars));
    }

    /** @return the characters; the caller must not keep or change them */
    public char[] chars() {
        return chars;
    }

    /** Overwrites the characters. */
    public void wipe() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "(password hidden)";
    }
}
