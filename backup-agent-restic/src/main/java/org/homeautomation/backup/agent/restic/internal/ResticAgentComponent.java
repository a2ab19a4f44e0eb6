package org.homeautomation.backup.agent.restic.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.UnavailableAgent;
import org.homeautomation.backup.support.s3.S3SettingRules;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restic agent per factory configuration {@value #PID}. The agent is registered by hand, not as the component's
 * service, because DS would copy the configuration (the password among it) into the service properties; bnd
 * therefore cannot derive the service capability, so it is declared here. A changed configuration re-creates the
 * agent (no modified method). Activation does no I/O on the repository: a drive that is not mounted never delays the
 * runtime; the agent reports it when used.
 */
@Component(configurationPid = ResticAgentComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = ResticAgentComponent.Config.class, factory = true)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.homeautomation.backup.api.BackupAgent", uses = BackupAgent.class)
public final class ResticAgentComponent {
    static final String PID = "org.homeautomation.backup.agent.restic";
    /** Service property: the agent's id, to select one agent with a filter. */
    static final String AGENT_ID = "agent.id";

    /** The configuration of one repository agent. */
    @ObjectClassDefinition(id = PID, name = "Backup agent: restic repository",
            description = "Stores backups as snapshots of a restic repository (format version 2) in a folder or an S3"
                    + " bucket:"
                    + " deduplicated, compressed and encrypted; the stock restic command lists, checks and restores"
                    + " them. Add one configuration per repository.")
    @interface Config {
        @AttributeDefinition(name = "Id", description = "The agent's id, unique in this runtime: 1 to 64 characters"
                + " of a-z, 0-9, '.', '-' and '_', starting with a letter or digit. Keep it stable.")
        String id();

        @AttributeDefinition(name = "Name", required = false,
                description = "A name for people. Empty means \"restic repository <folder>\".")
        String name() default "";

        @AttributeDefinition(name = "Repository", description = "The absolute path of the repository's folder, or an"
                + " S3 location as restic names it: s3:<endpoint URL>/<bucket>/<prefix>, such as"
                + " s3:https://nas.home.arpa:9000/backups/restic (the S3 keys below then apply).")
        String repository();

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "The repository's password. Alternatively use 'passwordFile'; set exactly one.")
        String password() default "";

        @AttributeDefinition(name = "Password file", required = false, description = "Absolute path of a file"
                + " whose first line is the repository's password (readable by the runtime only).")
        String passwordFile() default "";

        @AttributeDefinition(name = "Initialize", description = "Create a new repository when the folder is"
                + " missing or empty. Off by default: an empty folder may be the mount point of a drive that is not"
                + " mounted.")
        boolean initialize() default false;

        @AttributeDefinition(name = "S3: access key", required = false,
                description = S3SettingRules.ACCESS_KEY_DESCRIPTION)
        String accessKey() default "";

        @AttributeDefinition(name = "S3: secret key", type = AttributeType.PASSWORD, required = false,
                description = S3SettingRules.SECRET_KEY_DESCRIPTION)
        String secretKey() default "";

        @AttributeDefinition(name = "S3: secret key, environment variable", required = false,
                description = S3SettingRules.SECRET_KEY_ENV_DESCRIPTION)
        String secretKeyEnv() default "";

        @AttributeDefinition(name = "S3: secret key, file", required = false,
                description = S3SettingRules.SECRET_KEY_FILE_DESCRIPTION)
        String secretKeyFile() default "";

        @AttributeDefinition(name = "S3: region", required = false, description = S3SettingRules.REGION_DESCRIPTION)
        String region() default S3SettingRules.DEFAULT_REGION;

        @AttributeDefinition(name = "S3: path-style access", description = S3SettingRules.PATH_STYLE_DESCRIPTION)
        boolean pathStyle() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResticAgentComponent.class);

    private final ServiceRegistration<BackupAgent> registration;
    /** The agent when the configuration is valid, to release its connections; null otherwise. */
    private final ResticBackupAgent agent;

    /**
     * Registers the agent, or, when the configuration is invalid, logs one error that says what to fix and registers
     * a stand-in that is listed as unavailable with the same reason.
     */
    @Activate
    public ResticAgentComponent(BundleContext context, Config config, Map<String, Object> properties) {
        Object servicePid = properties.get(Constants.SERVICE_PID);
        String pid = servicePid instanceof String s ? s : PID;
        BackupAgent agent;
        ResticBackupAgent restic = null;
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        try {
            ResticAgentSettings settings = ResticAgentSettings.of(pid, config, System::getenv);
            restic = settings.newAgent();
            agent = restic;
            serviceProperties.put(Constants.SERVICE_DESCRIPTION, "Backups in the restic repository "
                    + settings.location());
        } catch (IllegalArgumentException e) {
            agent = UnavailableAgent.of(ResticAgentSettings.listedId(pid, config.id()),
                    "restic agent (invalid configuration)", e.getMessage());
            LOG.error("{} (the agent is listed as '{}', unavailable, until this is fixed)", e.getMessage(),
                    agent.id());
            serviceProperties.put(Constants.SERVICE_DESCRIPTION, "A restic agent whose configuration is invalid");
        }
        serviceProperties.put(AGENT_ID, agent.id());
        this.agent = restic;
        this.registration = context.registerService(BackupAgent.class, agent, serviceProperties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyUnregistered) {
            // the framework unregisters a stopping bundle's services itself
        }
        if (agent != null) {
            agent.close();
        }
    }
}
