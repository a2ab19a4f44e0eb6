package org.homeautomation.backup.core.internal.agents;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.UnknownAgentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents registered now, keyed by service id. When two services claim the same agent id, the one with the higher
 * ranking (then the older) is used and the other waits, unused, until the first goes.
 */
public final class AgentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

    private final Map<Long, TrackedAgent> byServiceId = new ConcurrentHashMap<>();
    private final Consumer<TrackedAgent> onAdded;
    private final Consumer<TrackedAgent> onRemoved;

    /**
     * @param onAdded told of each agent that became usable
     * @param onRemoved told of each agent that is no longer usable
     */
    public AgentRegistry(Consumer<TrackedAgent> onAdded, Consumer<TrackedAgent> onRemoved) {
        this.onAdded = onAdded;
        this.onRemoved = onRemoved;
    }

    /**
     * Adds an agent service. An agent whose id cannot be read or is invalid is ignored with an error in the log.
     *
     * @return the tracked agent, or empty when it was ignored
     */
    public synchronized Optional<TrackedAgent> add(BackupAgent agent, long serviceId, int ranking, String bundleSymbolicName) {
        String id;
        String name;
        try {
            id = agent.id();
            name = agent.name();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Ignoring backup agent service {} of bundle {}: its id() or name() failed. Fix or remove that"
                    + " bundle.", serviceId, bundleSymbolicName, e);
            return Optional.empty();
        }
        if (!Identifiers.isValidAgentId(id)) {
            LOG.error("Ignoring backup agent service {} of bundle {}: its id '{}' is not valid (use 1 to 64"
                    + " characters of a-z, 0-9, '.', '-', '_').", serviceId, bundleSymbolicName, id);
            return Optional.empty();
        }
        TrackedAgent tracked = new TrackedAgent(id, name == null ? id : name, bundleSymbolicName, ranking, serviceId,
                agent);
        Optional<TrackedAgent> before = get(id);
        byServiceId.put(serviceId, tracked);
        Optional<TrackedAgent> after = get(id);
        if (before.isPresent() && after.get() != before.get()) {
            LOG.warn("Backup agent id '{}' is registered twice; using the one of bundle {} (service {}) instead of"
                    + " bundle {} (service {}). Give each agent its own id.", id, bundleSymbolicName, serviceId,
                    before.get().bundleSymbolicName(), before.get().serviceId());
            onRemoved.accept(before.get());
            onAdded.accept(tracked);
        } else if (before.isPresent()) {
            LOG.warn("Backup agent id '{}' of bundle {} (service {}) is already used by bundle {} (service {}); it"
                    + " stays unused while that one is registered. Give each agent its own id.", id,
                    bundleSymbolicName, serviceId, before.get().bundleSymbolicName(), before.get().serviceId());
        } else {
            onAdded.accept(tracked);
        }
        return Optional.of(tracked);
    }

    /** Removes an agent service; a waiting agent with the same id takes its place. */
    public synchronized void remove(long serviceId) {
        TrackedAgent removed = byServiceId.remove(serviceId);
        if (removed == null) {
            return;
        }
        Optional<TrackedAgent> current = get(removed.id());
        boolean wasActive = current.isEmpty() || removed.preferredOver(current.get());
        if (wasActive) {
            onRemoved.accept(removed);
            current.ifPresent(onAdded);
        }
    }

    /** @return the agent used for this id now */
    public Optional<TrackedAgent> get(String agentId) {
        TrackedAgent best = null;
        for (TrackedAgent a : byServiceId.values()) {
            if (a.id().equals(agentId) && (best == null || a.preferredOver(best))) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return whether this exact agent service is still registered */
    public boolean isRegistered(TrackedAgent agent) {
        return byServiceId.get(agent.serviceId()) == agent;
    }

    /**
     * @return the agent used now under this id
     * @throws UnknownAgentException naming the registered agents, when none has this id
     */
    public TrackedAgent require(String id) throws UnknownAgentException {
        return get(id).orElseThrow(() -> new UnknownAgentException(id, "There is no backup agent '" + id
                + "'. Registered agents: " + (all().isEmpty() ? "none"
                        : String.join(", ", all().stream().map(TrackedAgent::id).toList())) + "."));
    }

    /** @return the agents used now, one per id, sorted by id */
    public List<TrackedAgent> all() {
        return byServiceId.values().stream().map(a -> get(a.id()).orElse(a)).distinct()
                .sorted(Comparator.comparing(TrackedAgent::id)).toList();
    }
}
