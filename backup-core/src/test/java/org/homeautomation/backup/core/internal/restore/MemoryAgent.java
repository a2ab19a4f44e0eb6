package org.homeautomation.backup.core.internal.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.create.TestAgent;

/**
 * An agent that keeps backups in memory. Tests replace what it holds to hand a restore a damaged, cut or crafted
 * archive, with metadata to match or not.
 */
final class MemoryAgent extends TestAgent {
    private volatile Runnable atEndOfDownload = () -> {
    };

    MemoryAgent(String id) {
        super(id, null);
    }

    /** Stores {@code bytes} under {@code m}'s id, as if they had been uploaded with that metadata. */
    void put(BackupMetadata m, byte[] bytes) {
        stored.put(m.id(), bytes.clone());
        metadata.put(m.id(), m);
    }

    /** Runs {@code action} in every download when its reader asks for more after the last byte, before it learns so. */
    void atEndOfDownload(Runnable action) {
        atEndOfDownload = action;
    }

    @Override
    public InputStream download(String backupId) throws BackupAgentException {
        Runnable action = atEndOfDownload;
        return new FilterInputStream(super.download(backupId)) {
            @Override
            public int read() throws IOException {
                return atEnd(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return atEnd(super.read(b, off, len));
            }

            private int atEnd(int read) {
                if (read < 0) {
                    action.run();
                }
                return read;
            }
        };
    }

    byte[] bytes(String backupId) {
        return stored.get(backupId).clone();
    }
}
