package org.homeautomation.backup.core.internal.crypto;

import java.io.IOException;

/**
 * The passphrase does not decrypt the file key in the age header. The format cannot tell a wrong passphrase from a
 * damaged scrypt stanza (salt or body), so both end here; any other damage is a {@link DamagedCiphertextException}.
 * Thrown when the stream is opened, before any plaintext.
 */
public class WrongPassphraseException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its fixed message, which names no secret. */
    public WrongPassphraseException() {
        super("The passphrase is wrong: it does not decrypt the file key of the age header (or that part of the"
                + " header is damaged). Enter the passphrase the backup was encrypted with.");
    }
}
