package org.homeautomation.backup.core.internal.catalogue;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.create.FailedUploads;

/**
 * The copies of backups found on the agents, merged into one {@link Backup} per id, with the agents a backup failed
 * to reach. A listing and a look-up of one backup merge the same way: the first agent asked gives the metadata, then
 * the record of a failed upload when no agent holds the backup.
 */
final class MergedCopies {
    private final Map<String, BackupMetadata> metadata = new TreeMap<>();
    private final Map<String, Map<String, BackupMetadata>> copies = new TreeMap<>();
    private final FailedUploads failedUploads;

    MergedCopies(FailedUploads failedUploads) {
        this.failedUploads = failedUploads;
    }

    /** Adds an agent's copy; agents are to be added in the order in which they are asked. */
    void add(String agentId, BackupMetadata copy) {
        metadata.putIfAbsent(copy.id(), copy);
        copies.computeIfAbsent(copy.id(), k -> new TreeMap<>()).put(agentId, copy);
    }

    /** Adds every backup whose upload failed everywhere it went, for those that no agent holds. */
    void addFailedUploads() {
        failedUploads.all().forEach((id, entry) -> metadata.putIfAbsent(id, entry.metadata()));
    }

    /** @return the ids found, sorted */
    Iterable<String> ids() {
        return metadata.keySet();
    }

    /** @return the backup merged from its copies and its failed uploads; empty when neither knows it */
    Optional<Backup> backup(String backupId) {
        Optional<FailedUploads.Entry> failures = failedUploads.get(backupId);
        BackupMetadata m = metadata.get(backupId);
        if (m == null && failures.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Backup.builder().metadata(m != null ? m : failures.get().metadata())
                .copies(copies.getOrDefault(backupId, Map.of()))
                .failedAgents(failures.map(FailedUploads.Entry::failures).orElse(Map.of())).build());
    }
}
