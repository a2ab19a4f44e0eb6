package org.homeautomation.backup.core.internal.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's view of the status file the scheduler writes: re-read only when the file changed. Every write
 * replaces the file by a rename, so its file key (the inode, where there is one) changes with each write even when
 * the modification time's resolution is too coarse to tell two writes apart.
 */
public final class StatusCache {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCache.class);

    private final StatusStore store;
    private Object version;
    private AutomaticBackupStatus cached = AutomaticBackupStatus.empty();

    /** @param store the store to read */
    public StatusCache(StatusStore store) {
        this.store = store;
    }

    /** @return the status last written; empty when none was, or when the file cannot be read (logged) */
    public synchronized AutomaticBackupStatus get() {
        Object current;
        try {
            BasicFileAttributes a = Files.readAttributes(store.file(), BasicFileAttributes.class);
            current = java.util.List.of(Objects.requireNonNullElse(a.fileKey(), ""), a.lastModifiedTime(),
                    a.size());
        } catch (NoSuchFileException e) {
            version = null;
            cached = AutomaticBackupStatus.empty();
            return cached;
        } catch (IOException e) {
            LOG.warn("Cannot read the automatic backup status {}: {}", store.file(), e.toString());
            return cached;
        }
        if (!current.equals(version)) {
            try {
                cached = store.read().status();
                version = current;
            } catch (IOException e) {
                LOG.warn("{}", e.getMessage());
            }
        }
        return cached;
    }
}
