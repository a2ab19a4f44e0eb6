package org.homeautomation.backup.api;

import java.util.Objects;

/**
 * A registered {@link BackupAgent}, as the manager describes it to people.
 *
 * <p>Instances are made by the manager through {@link #of}; new properties may be added in a minor version.
 */
public final class AgentInfo {
    private final String id;
    private final String name;
    private final String bundleSymbolicName;

    private AgentInfo(String id, String name, String bundleSymbolicName) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.bundleSymbolicName = Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
    }

    /**
     * @param id the agent's id
     * @param name the agent's name
     * @param bundleSymbolicName the symbolic name of the bundle that registered it
     * @return the description of the agent
     * @throws NullPointerException when an argument is null, naming it
     */
    public static AgentInfo of(String id, String name, String bundleSymbolicName) {
        return new AgentInfo(id, name, bundleSymbolicName);
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
