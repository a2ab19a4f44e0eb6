package org.homeautomation.backup.support.s3;

/**
 * The store took no bytes of a request body for the stall timeout, so the request was aborted. Unchecked and not an
 * {@link java.io.IOException} on purpose: the SDK retries I/O failures, and a retry to a store that stopped reading
 * would only stall again; this failure ends the call at once.
 */
public final class TransferStalledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransferStalledException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return whether the failure, or one of its causes, is a stalled transfer */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TransferStalledException) {
                return true;
            }
        }
        return false;
    }
}
