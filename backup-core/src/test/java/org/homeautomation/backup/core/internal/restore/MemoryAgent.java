package org.homeautomation.backup.core.internal.restore;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.create.TestAgent;

/**
 * An agent that keeps backups in memory. Tests replace what it holds to hand a restore a damaged, cut or crafted
 * archive, with metadata to match or not.
 */
final class MemoryAgent extends TestAgent {

    MemoryAgent(String id) {
        super(id, null);
    }

    /** Stores {@code bytes} under {@code m}'s id, as if they had been uploaded with that metadata. */
    void put(BackupMetadata m, byte[] bytes) {
        stored.put(m.id(), bytes.clone());
        metadata.put(m.id(), m);
    }

    byte[] bytes(String backupId) {
        return stored.get(backupId).clone();
    }
}
