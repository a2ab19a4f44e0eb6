package org.homeautomation.backup.agent.local.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local agent every runtime has without configuration: backups in {@code ${karaf.data}/backups}, or in this
 * bundle's data area outside Karaf. Configuration {@value #PID} can move, rename or switch it off.
 */
@Component(configurationPid = DefaultLocalAgentComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
@Designate(ocd = DefaultLocalAgentComponent.Config.class)
public final class DefaultLocalAgentComponent {
    static final String PID = "org.homeautomation.backup.agent.local.default";
    static final String KARAF_DATA = "karaf.data";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultLocalAgentComponent.class);

    /** The configuration of the default agent. */
    @ObjectClassDefinition(id = PID, name = "Backup agent: local backups folder",
            description = "The agent storing backups in the runtime's own backups folder.")
    @interface Config {
        @AttributeDefinition(name = "Enabled",
                description = "Whether the agent is offered. Existing backups stay in the folder when switched off.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Id", description = "The agent's id, unique in this runtime. Backups are"
                + " recorded under it, so keep it stable.")
        String id() default "local";

        @AttributeDefinition(name = "Name", description = "A name for people.")
        String name() default "Local backups";

        @AttributeDefinition(name = "Folder", required = false, description = "Absolute path of the folder for"
                + " backups. Empty means ${karaf.data}/backups, or the bundle's data area outside Karaf.")
        String directory() default "";
    }

    /** Null when switched off. */
    private final RegisteredAgent registered;

    @Activate
    public DefaultLocalAgentComponent(BundleContext context, Config config) {
        if (!config.enabled()) {
            LOG.info("The default local backup agent is switched off by configuration {}", PID);
            this.registered = null;
            return;
        }
        this.registered = RegisteredAgent.register(context,
                () -> AgentSettings.defaults(PID, config.id(), config.name(), config.directory(),
                        context.getProperty(KARAF_DATA), () -> context.getDataFile("backups")),
                AgentSettings.validIdOr(config.id(), "local"), config.name());
    }

    @Deactivate
    void deactivate() {
        if (registered != null) {
            registered.unregister();
        }
    }
}
