package org.homeautomation.backup.core.internal.catalogue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.create.TestAgent;

/** A {@link TestAgent} that is given its backups directly, or that fails every call as an unreachable store does. */
class ShelfAgent extends TestAgent {
    private final boolean unreachable;

    private ShelfAgent(String id, boolean unreachable) {
        super(id, null);
        this.unreachable = unreachable;
    }

    /** @return an agent that holds what it is given */
    static ShelfAgent holding(String id) {
        return new ShelfAgent(id, false);
    }

    /** @return an agent whose every list, look-up, download and delete fails */
    static ShelfAgent unreachable(String id) {
        return new ShelfAgent(id, true);
    }

    /** Puts an archive on the shelf with metadata that matches its size and digest. */
    ShelfAgent hold(BackupMetadata m, byte[] archive) {
        BackupMetadata matching = m.toBuilder().size(archive.length).sha256(sha256(archive)).build();
        stored.put(m.id(), archive);
        metadata.put(m.id(), matching);
        return this;
    }

    boolean holds(String backupId) {
        return metadata.containsKey(backupId);
    }

    @Override
    public List<BackupMetadata> list() throws BackupAgentException {
        if (unreachable) {
            throw new IllegalStateException("store of " + id() + " is unreachable");
        }
        return super.list();
    }

    @Override
    public BackupMetadata get(String backupId) throws BackupAgentException {
        failIfUnreachable();
        return super.get(backupId);
    }

    @Override
    public java.io.InputStream download(String backupId) throws BackupAgentException {
        failIfUnreachable();
        return super.download(backupId);
    }

    @Override
    public void delete(String backupId) throws BackupAgentException {
        failIfUnreachable();
        super.delete(backupId);
    }

    private void failIfUnreachable() throws BackupAgentException {
        if (unreachable) {
            throw new BackupAgentException("store of " + id() + " is unreachable");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
