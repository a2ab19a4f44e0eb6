package org.homeautomation.backup.agent.s3.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.homeautomation.backup.api.BackupAgent;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * An {@link S3BackupAgent} registered as a {@link BackupAgent} service for as long as its component is active, then
 * closed. Registered by hand so that the agent object and its HTTP connections live exactly as long as the
 * registration, and because a service that DS provides from the configuration component publishes the configuration's
 * properties as service properties, {@code secretKey} among them. bnd therefore cannot derive the service capability
 * resolvers look for, so it is declared here.
 */
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.homeautomation.backup.api.BackupAgent", uses = BackupAgent.class)
final class RegisteredS3Agent {
    /** Service property: the agent's id, to select one agent with a filter. */
    static final String AGENT_ID = "agent.id";
    /** Service property: where the backups are (endpoint, bucket, prefix), for people inspecting services. */
    static final String AGENT_LOCATION = "agent.location";

    private final BackupAgent agent;
    private final ServiceRegistration<BackupAgent> registration;

    /** @param agent an {@link S3BackupAgent}, or the stand-in of an invalid configuration */
    RegisteredS3Agent(BundleContext context, BackupAgent agent) {
        this.agent = agent;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AGENT_ID, agent.id());
        if (agent instanceof S3BackupAgent s3) {
            properties.put(AGENT_LOCATION, s3.location());
            properties.put(Constants.SERVICE_DESCRIPTION, "Backups in " + s3.location());
        } else {
            properties.put(Constants.SERVICE_DESCRIPTION, "An S3 agent whose configuration is invalid");
        }
        try {
            this.registration = context.registerService(BackupAgent.class, agent, properties);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    void unregister() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyUnregistered) {
            // The framework unregisters a stopping bundle's services itself; the agent still needs closing.
        }
        close();
    }

    private void close() {
        if (agent instanceof S3BackupAgent s3) {
            s3.close();
        }
    }
}
