package org.homeautomation.backup.agent.s3.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.UploadProgress;

/**
 * Stands in for the agent of a configuration that cannot be used, so that the configuration shows where people look
 * (the list of agents, marked unavailable with the reason) instead of only in a log: every call throws an
 * {@link AgentUnavailableException} that says which key of which configuration to fix.
 */
final class MisconfiguredS3Agent implements BackupAgent {
    private static final String ID_PREFIX = "s3-config-";

    private final String id;
    private final String reason;

    /**
     * @param configuredId the configured id, used when it is valid
     * @param pid the configuration's pid, for an id when the configured one is missing or invalid
     * @param reason what is wrong and how to fix it, without secrets
     */
    MisconfiguredS3Agent(String configuredId, String pid, String reason) {
        this.id = idFor(configuredId, pid);
        this.reason = reason;
    }

    /**
     * The configured id if it is valid; otherwise {@code s3-config-} followed by the configuration's name (what
     * follows the {@code ~} or the last dot of its pid) in the characters an id allows, so that two misconfigured
     * configurations get two entries.
     */
    static String idFor(String configuredId, String pid) {
        if (configuredId != null && Identifiers.isValidAgentId(configuredId.trim())) {
            return configuredId.trim();
        }
        int cut = Math.max(pid.lastIndexOf('~'), pid.lastIndexOf('.'));
        String name = pid.substring(cut + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        String id = ID_PREFIX + name;
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return "S3 agent (invalid configuration)";
    }

    /** @return why the configuration cannot be used */
    String reason() {
        return reason;
    }

    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws AgentUnavailableException {
        throw unavailable();
    }

    @Override
    public InputStream download(String backupId) throws AgentUnavailableException {
        throw unavailable();
    }

    @Override
    public void delete(String backupId) throws AgentUnavailableException {
        throw unavailable();
    }

    @Override
    public List<BackupMetadata> list() throws AgentUnavailableException {
        throw unavailable();
    }

    @Override
    public BackupMetadata get(String backupId) throws AgentUnavailableException {
        throw unavailable();
    }

    private AgentUnavailableException unavailable() {
        return new AgentUnavailableException(reason);
    }
}
