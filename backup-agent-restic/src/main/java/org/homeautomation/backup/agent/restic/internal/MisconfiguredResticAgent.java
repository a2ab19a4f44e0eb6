package org.homeautomation.backup.agent.restic.internal;

import java.io.InputStream;
import java.util.List;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;

/**
 * Stands in for a restic agent whose configuration is invalid, so that the configuration shows up where agents are
 * listed, as unavailable with the reason, instead of only in the log. Every call throws
 * {@link AgentUnavailableException} with that reason; nothing is read or written.
 */
final class MisconfiguredResticAgent implements BackupAgent {
    private final String id;
    private final String reason;

    /**
     * @param id the id to list it under, valid
     * @param reason what is wrong with the configuration and how to fix it, without secrets
     */
    MisconfiguredResticAgent(String id, String reason) {
        this.id = id;
        this.reason = reason;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return "restic agent (invalid configuration)";
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
