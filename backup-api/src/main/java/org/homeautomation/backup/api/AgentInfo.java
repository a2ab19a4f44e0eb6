package org.homeautomation.backup.api;

import java.util.Objects;

/**
 * A registered {@link BackupAgent}, as the manager describes it to people.
 */
public final class AgentInfo {
    private final String id;
    private final String name;
    private final String bundleSymbolicName;

    /**
     * @param id the agent's id
     * @param name the agent's name
     * @param bundleSymbolicName the symbolic name of the bundle that registered it
     */
    public AgentInfo(String id, String name, String bundleSymbolicName) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.bundleSymbolicName = Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
    }

    /** @return the agent's id */
    public String id() {
        return id;
    }

    /** @return the agent's name */
    public String name() {
        return name;
    }

    /** @return the symbolic name of the bundle that registered the agent */
    public String bundleSymbolicName() {
        return bundleSymbolicName;
    }

    @Override
    public String toString() {
        return id + " (" + name + ", " + bundleSymbolicName + ")";
    }
}
