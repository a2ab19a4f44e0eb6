package org.homeautomation.backup.agent.s3.internal;

import java.util.Map;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.UnavailableAgent;
import org.homeautomation.backup.support.s3.S3SettingRules;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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
 * One S3 agent per factory configuration {@value #PID}: a bucket (and key prefix) of AWS S3 or of an S3-compatible
 * store. A changed configuration re-creates the agent: there is no modified method, so DS deactivates and activates.
 * Activation does no network I/O, so a store that is down never delays the runtime or the other agents; the agent
 * reports it when it is used.
 */
@Component(configurationPid = S3AgentComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = S3AgentComponent.Config.class, factory = true)
public final class S3AgentComponent {
    static final String PID = "org.homeautomation.backup.agent.s3";

    /** The configuration of one bucket agent. */
    @ObjectClassDefinition(id = PID, name = "Backup agent: S3 bucket",
            description = "Stores backups in a bucket of AWS S3 or an S3-compatible store (MinIO, Ceph, Garage,"
                    + " Cloudflare R2, Backblaze B2, Wasabi). Add one configuration per bucket.")
    @interface Config {
        @AttributeDefinition(name = "Id", description = "The agent's id, unique in this runtime: 1 to 64 characters"
                + " of a-z, 0-9, '.', '-' and '_', starting with a letter or digit. Backups are recorded under it,"
                + " so keep it stable.")
        String id();

        @AttributeDefinition(name = "Name", required = false,
                description = "A name for people. Empty means \"S3 bucket <bucket>\".")
        String name() default "";

        @AttributeDefinition(name = "Bucket", description = "The bucket holding the backups. It must exist; the"
                + " agent never creates it.")
        String bucket();

        @AttributeDefinition(name = "Key prefix", required = false, description = "Folder inside the bucket, such"
                + " as \"openhab/backups\". Empty means the bucket's top level.")
        String prefix() default "";

        @AttributeDefinition(name = "Region", required = false, description = S3SettingRules.REGION_DESCRIPTION)
        String region() default S3AgentSettings.DEFAULT_REGION;

        @AttributeDefinition(name = "Endpoint URL", required = false, description = "The store's URL for stores"
                + " other than AWS S3, such as https://minio.example.net:9000. Empty means AWS S3.")
        String endpoint() default "";

        @AttributeDefinition(name = "Path-style access", description = S3SettingRules.PATH_STYLE_DESCRIPTION)
        boolean pathStyle() default false;

        @AttributeDefinition(name = "Access key", description = S3SettingRules.ACCESS_KEY_DESCRIPTION)
        String accessKey();

        @AttributeDefinition(name = "Secret key", type = AttributeType.PASSWORD, required = false,
                description = S3SettingRules.SECRET_KEY_DESCRIPTION)
        String secretKey() default "";

        @AttributeDefinition(name = "Secret key: environment variable", required = false,
                description = S3SettingRules.SECRET_KEY_ENV_DESCRIPTION)
        String secretKeyEnv() default "";

        @AttributeDefinition(name = "Secret key: file", required = false,
                description = S3SettingRules.SECRET_KEY_FILE_DESCRIPTION)
        String secretKeyFile() default "";

        @AttributeDefinition(name = "Storage class", required = false, description = "Storage class of the"
                + " archives, such as STANDARD_IA; empty means the bucket's default. Metadata objects always use"
                + " the default. Do not use classes whose objects must be restored before reading (GLACIER,"
                + " DEEP_ARCHIVE): such backups cannot be downloaded directly.")
        String storageClass() default "";

        @AttributeDefinition(name = "Part size (MiB)", description = "Archives up to this size are sent in one"
                + " request; larger ones in parts of this size. 5 to 1024.")
        int partSizeMiB() default 16;

        @AttributeDefinition(name = "Upload concurrency", description = "Parts of one archive sent at the same"
                + " time. Memory in use while uploading is at most part size times this. 1 to 32.")
        int concurrency() default 4;

        @AttributeDefinition(name = "Timeout (seconds)", description = "How long the store may stay silent on a"
                + " connection before the request fails.")
        int timeoutSeconds() default 60;

        @AttributeDefinition(name = "Stall timeout (seconds)", description = "An upload whose bytes the store"
                + " takes none of for this long fails (the store may be frozen or the network blocked), so that"
                + " the backup completes on the other agents. 1 to 3600.")
        int stallTimeoutSeconds() default 60;

        @AttributeDefinition(name = "Listing cache (seconds)", description = "How long a listing of the bucket is"
                + " reused. This agent's own uploads and deletions refresh it at once; changes made by others show"
                + " after this time. 0 lists the bucket every time.")
        int listCacheSeconds() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(S3AgentComponent.class);

    private final RegisteredS3Agent registered;

    /**
     * Registers the agent, or, when the configuration is invalid, logs one error that says what to fix and registers
     * a stand-in that is listed as unavailable with the same reason.
     */
    @Activate
    public S3AgentComponent(BundleContext context, Config config, Map<String, Object> properties) {
        Object servicePid = properties.get(Constants.SERVICE_PID);
        String pid = servicePid instanceof String s ? s : PID;
        BackupAgent agent;
        try {
            agent = new S3BackupAgent(S3AgentSettings.from(pid, config, System::getenv));
        } catch (IllegalArgumentException e) {
            agent = UnavailableAgent.of(S3AgentSettings.listedId(config.id(), pid), "S3 agent (invalid configuration)",
                    e.getMessage());
            LOG.error("{} (the agent is listed as '{}', unavailable, until this is fixed)", e.getMessage(),
                    agent.id());
        }
        this.registered = new RegisteredS3Agent(context, agent);
    }

    @Deactivate
    void deactivate() {
        registered.unregister();
    }
}
