package org.homeautomation.backup.core.internal.agents;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.BackupAgent;

/**
 * A registered agent with what was read of it once, at registration: agents are third-party code, so their id and
 * name are not asked for again on every use.
 *
 * @param id the agent's id
 * @param name the agent's name
 * @param bundleSymbolicName the bundle that registered it
 * @param ranking its service ranking, to choose between two agents that claim the same id
 * @param serviceId its service id, the tie-breaker
 * @param agent the service
 */
public record TrackedAgent(String id, String name, String bundleSymbolicName, int ranking, long serviceId,
        BackupAgent agent) {

    /** @return the agent as described to people */
    public AgentInfo info() {
        return AgentInfo.of(id, name, bundleSymbolicName);
    }

    /** @return whether this agent wins over {@code other} for the same id: higher ranking, then older service */
    boolean preferredOver(TrackedAgent other) {
        return ranking != other.ranking ? ranking > other.ranking : serviceId < other.serviceId;
    }
}
