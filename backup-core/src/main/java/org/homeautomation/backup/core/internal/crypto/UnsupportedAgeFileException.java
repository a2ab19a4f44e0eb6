package org.homeautomation.backup.core.internal.crypto;

import java.io.IOException;

/**
 * A well-formed age file that this package will not open: it is encrypted to other recipients than a passphrase (an
 * X25519 key, a plugin), it is of another age version or ASCII-armored, or its scrypt work factor is above the
 * accepted maximum (refused before any memory is spent on it).
 */
public class UnsupportedAgeFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is unsupported and what to do, for people; never key material */
    public UnsupportedAgeFileException(String message) {
        super(message);
    }
}
