package org.homeautomation.backup.agent.local.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.homeautomation.backup.api.BackupAgent;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * A {@link LocalBackupAgent} registered as a {@link BackupAgent} service, for as long as the component that made it
 * is active. The components register the service themselves rather than through DS so that the default agent can be
 * switched off by configuration; bnd therefore cannot derive the service capability resolvers look for, so it is
 * declared here.
 */
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.homeautomation.backup.api.BackupAgent", uses = BackupAgent.class)
final class RegisteredAgent {
    /** Service property: the agent's id, to select one agent with a filter. */
    static final String AGENT_ID = "agent.id";
    /** Service property: the folder holding the agent's backups, for people inspecting services. */
    static final String AGENT_DIRECTORY = "agent.directory";

    private final LocalBackupAgent agent;
    private final ServiceRegistration<BackupAgent> registration;

    RegisteredAgent(BundleContext context, AgentSettings settings) {
        this.agent = new LocalBackupAgent(settings.id(), settings.name(), settings.directory(),
                settings.createFolder());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AGENT_ID, agent.id());
        properties.put(AGENT_DIRECTORY, agent.directory().toString());
        properties.put(Constants.SERVICE_DESCRIPTION, "Backups in local folder " + agent.directory());
        this.registration = context.registerService(BackupAgent.class, agent, properties);
    }

    LocalBackupAgent agent() {
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
