package org.homeautomation.backup.core.internal.agents;

import org.homeautomation.backup.api.BackupAgentException;

/**
 * Calls into an agent, turning anything it throws besides {@link BackupAgentException} into one: agents are
 * third-party code, and their defects must not look like the manager's.
 */
public final class AgentCalls {
    private AgentCalls() {
    }

    /** One call into an agent. */
    @FunctionalInterface
    public interface Call<T> {
        /** @return the call's result */
        T call() throws BackupAgentException;
    }

    /**
     * @param agent the agent called
     * @param what what is being done, for the message: "listing backups"
     * @param call the call
     * @return its result
     * @throws BackupAgentException what the agent threw, or a wrapper of its unexpected failure
     */
    public static <T> T call(TrackedAgent agent, String what, Call<T> call) throws BackupAgentException {
        try {
            return call.call();
        } catch (BackupAgentException | VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new BackupAgentException("Agent '" + agent.id() + "' (bundle " + agent.bundleSymbolicName()
                    + ") failed unexpectedly while " + what + ": " + e, e);
        }
    }
}
