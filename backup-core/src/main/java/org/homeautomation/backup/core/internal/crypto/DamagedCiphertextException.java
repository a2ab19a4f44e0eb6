package org.homeautomation.backup.core.internal.crypto;

import java.io.IOException;

/**
 * The encrypted data cannot be trusted: it is not an age file, its header is malformed or fails its MAC, or its
 * payload is truncated, extended or altered. Nothing that failed authentication is ever returned. Distinct from
 * {@link WrongPassphraseException}, and from plain {@link IOException}s of the underlying stream, which pass through
 * unchanged.
 */
public class DamagedCiphertextException extends IOException {
    private static final long serialVersionUID = 1L;

    private static final String ADVICE = " Use another copy of the backup.";

    /** @param message what is wrong, for people; never key material */
    public DamagedCiphertextException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, for people; never key material
     * @param cause   the error that said so
     */
    public DamagedCiphertextException(String message, Throwable cause) {
        super(message, cause);
    }

    static DamagedCiphertextException notAnAgeFile(String detail) {
        return new DamagedCiphertextException("The encrypted data is not an age file: " + detail + "." + ADVICE);
    }

    static DamagedCiphertextException malformedHeader(String detail) {
        return new DamagedCiphertextException(
                "The encrypted data is damaged or is not an age file: its header is malformed (" + detail + ")."
                        + ADVICE);
    }

    static DamagedCiphertextException badHeaderMac() {
        return new DamagedCiphertextException("The encrypted data is damaged: its age header fails its MAC check"
                + " although the passphrase is right." + ADVICE);
    }

    static DamagedCiphertextException damagedPayload(String detail, Throwable cause) {
        return new DamagedCiphertextException("The encrypted data is damaged: " + detail + "." + ADVICE, cause);
    }
}
