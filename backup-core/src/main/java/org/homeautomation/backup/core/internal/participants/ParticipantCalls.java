package org.homeautomation.backup.core.internal.participants;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.RestoreContext;

/**
 * Calls participants' steps on threads of their own, under a timeout, so that a participant that hangs fails the
 * backup instead of stopping the manager. A participant that does not return in time is interrupted and left
 * behind; its thread is a daemon and cannot block the runtime from stopping.
 */
public final class ParticipantCalls {
    private final ExecutorService executor;
    private final Duration timeout;

    /**
     * @param executor runs each call; should create threads as needed, so a hung call cannot starve later ones
     * @param timeout how long one step may take
     */
    public ParticipantCalls(ExecutorService executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    /** Runs the participant's preBackup. */
    public void preBackup(TrackedParticipant p, BackupContext context) throws ParticipantFailure,
            InterruptedException {
        call(p, "preBackup", () -> {
            p.participant().preBackup(context);
            return null;
        });
    }

    /** Runs the participant's postBackup. */
    public void postBackup(TrackedParticipant p, BackupContext context, BackupOutcome outcome)
            throws ParticipantFailure, InterruptedException {
        call(p, "postBackup", () -> {
            p.participant().postBackup(context, outcome);
            return null;
        });
    }

    /** Runs the participant's preRestore. */
    public void preRestore(TrackedParticipant p, RestoreContext context) throws ParticipantFailure,
            InterruptedException {
        call(p, "preRestore", () -> {
            p.participant().preRestore(context);
            return null;
        });
    }

    /** Runs the participant's postRestore. */
    public void postRestore(TrackedParticipant p, RestoreContext context, BackupOutcome outcome)
            throws ParticipantFailure, InterruptedException {
        call(p, "postRestore", () -> {
            p.participant().postRestore(context, outcome);
            return null;
        });
    }

    private void call(TrackedParticipant p, String step, java.util.concurrent.Callable<Void> body)
            throws ParticipantFailure, InterruptedException {
        Future<Void> f = executor.submit(body);
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ParticipantFailure("Participant '" + p.id() + "' did not finish " + step + " within "
                    + timeout.toSeconds() + " s; it may hang. Check that bundle, or raise participantTimeoutSeconds.",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VirtualMachineError vme) {
                throw vme;
            }
            String detail = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
            throw new ParticipantFailure("Participant '" + p.id() + "' failed in " + step + ": " + detail, cause);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }
}
