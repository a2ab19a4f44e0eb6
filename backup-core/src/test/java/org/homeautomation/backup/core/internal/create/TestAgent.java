package org.homeautomation.backup.core.internal.create;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;

/** An agent that keeps backups in memory, and whose upload step can be replaced to misbehave. */
public class TestAgent implements BackupAgent {
    /** What an upload does instead of storing, when set. */
    public interface Behaviour {
        void upload(BackupSource source) throws Exception;
    }

    protected final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    protected final Map<String, BackupMetadata> metadata = new ConcurrentHashMap<>();
    private final String id;
    private final Behaviour behaviour;

    /** @param behaviour what an upload does before storing; null to store only */
    public TestAgent(String id, Behaviour behaviour) {
        this.id = id;
        this.behaviour = behaviour;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return "Test agent " + id;
    }

    @Override
    public void upload(BackupSource source, BackupMetadata m, UploadProgress progress) throws BackupAgentException {
        if (behaviour != null) {
            try {
                behaviour.upload(source);
            } catch (BackupAgentException | RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new BackupAgentException("test agent failed: " + e, e);
            }
        }
        try (InputStream in = source.open()) {
            byte[] bytes = in.readAllBytes();
            progress.bytesUploaded(bytes.length);
            stored.put(m.id(), bytes);
            metadata.put(m.id(), m);
        } catch (IOException e) {
            throw new BackupAgentException("Agent '" + id + "' could not read the archive: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        byte[] b = stored.get(backupId);
        if (b == null) {
            throw new BackupNotFoundException(backupId, "not on " + id);
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        if (metadata.remove(backupId) == null) {
            throw new BackupNotFoundException(backupId, "not on " + id);
        }
        stored.remove(backupId);
    }

    @Override
    public List<BackupMetadata> list() {
        return new ArrayList<>(metadata.values());
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        BackupMetadata m = metadata.get(backupId);
        if (m == null) {
            throw new BackupNotFoundException(backupId, "not on " + id);
        }
        return m;
    }
}
