package org.homeautomation.backup.agent.testkit.example;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.UploadProgress;

/**
 * The smallest agent that keeps the {@link BackupAgent} contract, as an example: it holds backups on the heap, so it
 * is only good for tests. A real agent writes to its storage the same way: into a temporary place first, published in
 * one step at the end.
 */
public final class InMemoryBackupAgent implements BackupAgent {
    private static final int CHUNK = 64 * 1024;

    private final String id;
    private final String name;
    /** The published backups. An entry appears in one put, so readers see a backup whole or not at all. */
    private final Map<String, StoredBackup> backups = new ConcurrentHashMap<>();
    private volatile boolean reachable = true;

    /**
     * @param id the agent's id, valid by {@link Identifiers#isValidAgentId(String)}
     * @param name the agent's name for people
     */
    public InMemoryBackupAgent(String id, String name) {
        this.id = Identifiers.requireValidAgentId(id);
        this.name = name;
    }

    /**
     * Simulates storage that can go away, as a network share can.
     *
     * @param reachable whether calls reach the storage
     */
    public void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws BackupAgentException {
        String backupId = requireValidId(metadata.id());
        requireReachable();
        // The temporary place: a buffer no other method can see. Dropping it is all the clean-up a failure needs.
        byte[] archive = read(source, backupId, progress);
        requireReachable();
        if (backups.putIfAbsent(backupId, new StoredBackup(metadata, archive)) != null) {
            throw new BackupAgentException("Agent '" + id + "' already holds a backup with id '" + backupId
                    + "'; delete it first or use another id");
        }
    }

    private byte[] read(BackupSource source, String backupId, UploadProgress progress) throws BackupAgentException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = source.open()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                // The manager interrupts an upload it gives up on; leave the flag set for the caller.
                if (Thread.currentThread().isInterrupted()) {
                    throw new BackupAgentException("Upload of backup '" + backupId + "' to agent '" + id
                            + "' was interrupted; nothing was stored");
                }
                buffer.write(chunk, 0, n);
                progress.bytesUploaded(buffer.size());
            }
        } catch (IOException e) {
            throw new BackupAgentException("Agent '" + id + "' could not read the archive of backup '" + backupId
                    + "': " + e.getMessage() + "; nothing was stored, try the backup again", e);
        }
        if (buffer.size() != source.size()) {
            throw new BackupAgentException("The archive of backup '" + backupId + "' has " + buffer.size()
                    + " bytes instead of the announced " + source.size() + "; agent '" + id + "' stored nothing");
        }
        progress.bytesUploaded(buffer.size());
        return buffer.toByteArray();
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        return new ByteArrayInputStream(find(backupId).archive());
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        requireValidId(backupId);
        requireReachable();
        if (backups.remove(backupId) == null) {
            throw notFound(backupId);
        }
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        requireReachable();
        return backups.values().stream().map(StoredBackup::metadata).toList();
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        return find(backupId).metadata();
    }

    private StoredBackup find(String backupId) throws BackupAgentException {
        requireValidId(backupId);
        requireReachable();
        StoredBackup backup = backups.get(backupId);
        if (backup == null) {
            throw notFound(backupId);
        }
        return backup;
    }

    /** Ids become keys, file names or object names in real agents: check them before anything else. */
    private String requireValidId(String backupId) throws BackupAgentException {
        if (!Identifiers.isValidBackupId(backupId)) {
            throw new BackupAgentException("Agent '" + id + "' refuses the invalid backup id '" + backupId
                    + "': see Identifiers for the rules");
        }
        return backupId;
    }

    private void requireReachable() throws AgentUnavailableException {
        if (!reachable) {
            throw new AgentUnavailableException("Agent '" + id + "' (" + name + ") is switched off; switch it on"
                    + " and try again");
        }
    }

    private BackupNotFoundException notFound(String backupId) {
        return new BackupNotFoundException(backupId, "Agent '" + id + "' holds no backup '" + backupId + "'");
    }

    private record StoredBackup(BackupMetadata metadata, byte[] archive) {
    }
}
