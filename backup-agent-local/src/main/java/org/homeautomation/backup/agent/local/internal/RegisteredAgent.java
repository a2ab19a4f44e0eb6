package org.homeautomation.backup.agent.local.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Supplier;

import org.homeautomation.backup.api.BackupAgent;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local agent registered as a {@link BackupAgent} service, for as long as the component that made it is active.
 * The components register the service themselves rather than through DS so that the default agent can be switched
 * off by configuration, and so that an invalid configuration registers a {@link MisconfiguredAgent} instead; bnd
 * therefore cannot derive the service capability resolvers look for, so it is declared here.
 */
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.homeautomation.backup.api.BackupAgent", uses = BackupAgent.class)
final class RegisteredAgent {
    /** Service property: the agent's id, to select one agent with a filter. */
    static final String AGENT_ID = "agent.id";
    /** Service property: the folder holding the agent's backups, for people inspecting services. */
    static final String AGENT_DIRECTORY = "agent.directory";

    private static final Logger LOG = LoggerFactory.getLogger(RegisteredAgent.class);

    private final BackupAgent agent;
    private final ServiceRegistration<BackupAgent> registration;

    private RegisteredAgent(BundleContext context, BackupAgent agent, String directory, String description) {
        this.agent = agent;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AGENT_ID, agent.id());
        if (directory != null) {
            properties.put(AGENT_DIRECTORY, directory);
        }
        properties.put(Constants.SERVICE_DESCRIPTION, description);
        this.registration = context.registerService(BackupAgent.class, agent, properties);
    }

    /**
     * Registers the agent the settings describe; when they are invalid, logs why in one ERROR line and registers a
     * {@link MisconfiguredAgent} that reports it.
     *
     * @param settings makes the checked settings, or throws {@link IllegalArgumentException} saying what is wrong
     * @param listedId the id to list a misconfigured agent under
     * @param name the configured name, maybe blank
     */
    static RegisteredAgent register(BundleContext context, Supplier<AgentSettings> settings, String listedId,
            String name) {
        AgentSettings checked;
        try {
            checked = settings.get();
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() + ". The agent is listed as '" + listedId
                    + "' and unavailable until the configuration is fixed.";
            LOG.error("{}", reason);
            String shownName = name == null || name.isBlank() ? "Local folder (invalid configuration)" : name.trim();
            return new RegisteredAgent(context, new MisconfiguredAgent(listedId, shownName, reason), null,
                    "Invalid local agent configuration");
        }
        LocalBackupAgent agent = new LocalBackupAgent(checked.id(), checked.name(), checked.directory(),
                checked.createFolder());
        return new RegisteredAgent(context, agent, agent.directory().toString(),
                "Backups in local folder " + agent.directory());
    }

    BackupAgent agent() {
        return agent;
    }

    void unregister() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyUnregistered) {
            // The framework unregisters a stopping bundle's services itself; nothing left to do.
        }
    }
}
