package org.homeautomation.backup.core.internal.create;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.api.BackupMetadata;

/**
 * Remembers, for the most recent backups, which agents failed to store them, so that listings can show it. Kept in
 * memory and bounded; thread-safe.
 */
public final class FailedUploads {
    /** A backup and its failed agents. */
    public record Entry(BackupMetadata metadata, Map<String, String> failures) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /** @param capacity how many backups to remember */
    public FailedUploads(int capacity) {
        this.capacity = capacity;
    }

    /** Records the failures of one backup; an empty map records nothing. */
    public synchronized void record(BackupMetadata metadata, Map<String, String> failures) {
        if (failures.isEmpty()) {
            return;
        }
        entries.put(metadata.id(), new Entry(metadata, Map.copyOf(failures)));
        while (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** @return the failures of a backup, if remembered */
    public synchronized Optional<Entry> get(String backupId) {
        return Optional.ofNullable(entries.get(backupId));
    }

    /** @return every remembered backup with failures */
    public synchronized Map<String, Entry> all() {
        return new LinkedHashMap<>(entries);
    }

    /** Forgets a backup, when it was deleted. */
    public synchronized void forget(String backupId) {
        entries.remove(backupId);
    }
}
