package org.homeautomation.backup.core.internal.participants;

/**
 * A participant's step threw or did not finish in time. The message names the participant and the step.
 */
public final class ParticipantFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ParticipantFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
