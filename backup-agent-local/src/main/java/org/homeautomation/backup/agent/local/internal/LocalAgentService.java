package org.homeautomation.backup.agent.local.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.api.UnavailableAgent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * One local agent as a {@link BackupAgent} service, made by DS for each configuration {@link LocalAgentComponent}
 * holds, and withdrawn when that configuration goes or changes. A factory component, because DS cannot compute
 * service properties from a configuration: the configuration component computes them ({@link AgentServiceProperties})
 * and passes them to {@code ComponentFactory.newInstance}. Delegates to a {@link LocalBackupAgent}, or to a
 * {@link UnavailableAgent} when the configuration is invalid.
 */
@Component(factory = LocalAgentService.FACTORY, service = BackupAgent.class)
public final class LocalAgentService implements BackupAgent {
    /** The component factory's name, its {@code component.factory} service property. */
    static final String FACTORY = "org.homeautomation.backup.agent.local.LocalAgentService";

    private final BackupAgent agent;

    /**
     * @param properties the properties {@link AgentServiceProperties#forConfiguration} made, with those DS adds
     */
    @Activate
    public LocalAgentService(Map<String, Object> properties) {
        this.agent = AgentServiceProperties.agent(properties);
    }

    @Override
    public String id() {
        return agent.id();
    }

    @Override
    public String name() {
        return agent.name();
    }

    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws BackupAgentException {
        agent.upload(source, metadata, progress);
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        return agent.download(backupId);
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        agent.delete(backupId);
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        return agent.list();
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        return agent.get(backupId);
    }

    @Override
    public String toString() {
        return agent.toString();
    }
}
