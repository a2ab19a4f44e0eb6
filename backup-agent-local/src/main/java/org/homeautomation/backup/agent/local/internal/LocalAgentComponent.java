package org.homeautomation.backup.agent.local.internal;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentFactory;
import org.osgi.service.component.ComponentInstance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local agent per factory configuration {@value #PID}: the runtime's default agent (configuration
 * {@code default}, shipped with the Karaf feature and the Felix runtime) and the folders a person adds (a USB drive, a
 * mounted network share). Checks the configuration and has DS make the agent service, a {@link LocalAgentService},
 * with the properties {@link AgentServiceProperties} computes from it. A changed configuration re-creates the agent:
 * there is no modified method, so DS deactivates and activates.
 */
@Component(configurationPid = LocalAgentComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = LocalAgentComponent.Config.class, factory = true)
public final class LocalAgentComponent {
    static final String PID = "org.homeautomation.backup.agent.local";

    /** The configuration of one folder agent. */
    @ObjectClassDefinition(id = PID, name = "Backup agent: local folder",
            description = "Stores backups in a folder of the local file system. Add one configuration per folder.")
    @interface Config {
        @AttributeDefinition(name = "Id", description = "The agent's id, unique in this runtime: 1 to 64 characters"
                + " of a-z, 0-9, '.', '-' and '_', starting with a letter or digit. Backups are recorded under it,"
                + " so keep it stable.")
        String id();

        @AttributeDefinition(name = "Name", required = false,
                description = "A name for people. Empty means \"Local folder <folder>\".")
        String name() default "";

        @AttributeDefinition(name = "Folder", description = "Absolute path of the folder for backups. It is created"
                + " when missing at start; if it disappears later (an unmounted drive), the agent reports itself"
                + " unavailable instead of re-creating it.")
        String directory();

        @AttributeDefinition(name = "Create the folder", description = "Create the folder when it is missing at"
                + " start. Off by default: for a folder on a removable or network drive, a missing folder usually"
                + " means the drive is not mounted, and creating it would fill the empty mount point instead.")
        boolean createFolder() default false;

        @AttributeDefinition(name = "Enabled", description = "Whether the agent is offered. Switched off, it is not"
                + " listed and its folder is left as it is, backups included; switch it on again to have them back."
                + " Lasts where deleting the configuration would not: Karaf puts the default agent's file back when"
                + " the feature is installed anew.")
        boolean enabled() default true;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalAgentComponent.class);

    /** Null when switched off. */
    private final ComponentInstance<LocalAgentService> agent;

    /**
     * Makes the agent service; an invalid configuration is logged in one ERROR line and makes an agent that is
     * listed as unavailable with that reason, under the configured id when valid, else {@code local-<name>} from the
     * configuration's pid.
     */
    @Activate
    public LocalAgentComponent(
            @Reference(target = "(" + ComponentConstants.COMPONENT_FACTORY + "=" + LocalAgentService.FACTORY + ")")
            ComponentFactory<LocalAgentService> factory, Config config, Map<String, Object> properties) {
        String pid = properties.getOrDefault(Constants.SERVICE_PID, PID).toString();
        if (!config.enabled()) {
            LOG.info("Local backup agent '{}' is switched off by configuration {} (enabled = false)", config.id(), pid);
            this.agent = null;
            return;
        }
        this.agent = factory.newInstance(new Hashtable<>(AgentServiceProperties.forConfiguration(pid, config.id(),
                config.name(), config.directory(), config.createFolder())));
    }

    @Deactivate
    void deactivate() {
        if (agent != null) {
            agent.dispose();
        }
    }
}
