package org.homeautomation.backup.core.internal.create;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;

/**
 * An agent that keeps backups in memory, and whose upload step can be replaced to misbehave. Its storing behaviour
 * passes the agent contract ({@link TestAgentContractTest}).
 */
public class TestAgent implements BackupAgent {
    /** What an upload does instead of storing, when set. */
    public interface Behaviour {
        void upload(BackupSource source) throws Exception;
    }

    protected final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    protected final Map<String, BackupMetadata> metadata = new ConcurrentHashMap<>();
    private final String id;
    private final Behaviour behaviour;
    private volatile boolean reachable = true;

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
        requireReachable();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = source.open()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                // A manager that gives up on an upload interrupts it: store nothing, leave the flag set.
                if (Thread.currentThread().isInterrupted()) {
                    throw new BackupAgentException("Agent '" + id + "': the upload of backup '" + m.id()
                            + "' was interrupted; nothing was stored");
                }
                bytes.write(chunk, 0, n);
                progress.bytesUploaded(bytes.size());
            }
        } catch (IOException e) {
            throw new BackupAgentException("Agent '" + id + "' could not read the archive: " + e.getMessage(), e);
        }
        requireReachable();
        stored.put(m.id(), bytes.toByteArray());
        metadata.put(m.id(), m);
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        requireReachable();
        byte[] b = stored.get(backupId);
        if (b == null) {
            throw notFound(backupId);
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        requireReachable();
        if (metadata.remove(backupId) == null) {
            throw notFound(backupId);
        }
        stored.remove(backupId);
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        requireReachable();
        return new ArrayList<>(metadata.values());
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        requireReachable();
        BackupMetadata m = metadata.get(backupId);
        if (m == null) {
            throw notFound(backupId);
        }
        return m;
    }

    /** @param reachable whether calls reach the storage; false makes every call fail as an unplugged drive would */
    public void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    private void requireReachable() throws AgentUnavailableException {
        if (!reachable) {
            throw new AgentUnavailableException("Test agent '" + id + "' is set unreachable by the test");
        }
    }

    private BackupNotFoundException notFound(String backupId) {
        return new BackupNotFoundException(backupId, "Backup '" + backupId + "' is not on test agent '" + id + "'");
    }
}
