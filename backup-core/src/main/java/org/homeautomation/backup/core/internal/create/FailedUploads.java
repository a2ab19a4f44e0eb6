package org.homeautomation.backup.core.internal.create;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.core.internal.status.AtomicFile;
import org.homeautomation.backup.support.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, for the most recent backups, which agents failed to store them, so that listings can show it (a backup
 * that no agent stored is listed only thanks to this). Bounded and thread-safe. When given a file, it survives
 * restarts: every change replaces the file atomically, and a damaged file is reported and replaced, never fatal.
 */
public final class FailedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(FailedUploads.class);
    /** The file's name in the core bundle's data area. */
    public static final String FILE_NAME = "failed-uploads.json";
    private static final long MAX_FILE_BYTES = 4L << 20;

    /** A backup and its failed agents. */
    public record Entry(BackupMetadata metadata, Map<String, String> failures) {
    }

    private final int capacity;
    private final Path file;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /** @param capacity how many backups to remember, in memory only */
    public FailedUploads(int capacity) {
        this(capacity, null);
    }

    private FailedUploads(int capacity, Path file) {
        this.capacity = capacity;
        this.file = file;
    }

    /**
     * @param capacity how many backups to remember
     * @param file where they are kept across restarts; read now
     * @return the failures remembered in the file, which every change rewrites
     */
    public static FailedUploads persistedIn(int capacity, Path file) {
        FailedUploads failures = new FailedUploads(capacity, file);
        failures.load();
        return failures;
    }

    /** Records the failures of one backup; an empty map records nothing. */
    public synchronized void record(BackupMetadata metadata, Map<String, String> failures) {
        if (failures.isEmpty()) {
            return;
        }
        entries.put(metadata.id(), new Entry(metadata, Map.copyOf(failures)));
        trim();
        save();
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
        if (entries.remove(backupId) != null) {
            save();
        }
    }

    private void trim() {
        while (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    private void load() {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("it is larger than " + MAX_FILE_BYTES + " bytes");
            }
            Object parsed = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?> root) || !(root.get("backups") instanceof List<?> backups)) {
                throw new IllegalArgumentException("it is not a list of backups");
            }
            for (Object item : backups) {
                Entry entry = entry(item);
                entries.put(entry.metadata().id(), entry);
            }
            trim();
        } catch (NoSuchFileException e) {
            // Nothing failed yet.
        } catch (IOException | RuntimeException e) {
            entries.clear();
            LOG.warn("The record of failed uploads {} cannot be read ({}); listings will not show agents that failed"
                    + " before this start. It is replaced at the next failure.", file, e.getMessage());
        }
    }

    private static Entry entry(Object item) {
        if (!(item instanceof Map<?, ?> m) || !(m.get("metadata") instanceof Map<?, ?> metadata)
                || !(m.get("failures") instanceof Map<?, ?> failures)) {
            throw new IllegalArgumentException("an entry lacks its metadata or failures");
        }
        Map<String, String> byAgent = new TreeMap<>();
        failures.forEach((agent, reason) -> {
            if (!(agent instanceof String a) || !(reason instanceof String r)) {
                throw new IllegalArgumentException("a failure is not an agent id and a reason");
            }
            byAgent.put(a, r);
        });
        return new Entry(BackupMetadata.fromJson(Json.write(metadata)), Map.copyOf(byAgent));
    }

    private void save() {
        if (file == null) {
            return;
        }
        List<Object> backups = new ArrayList<>();
        entries.values().forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metadata", Json.parse(e.metadata().toJson()));
            m.put("failures", new TreeMap<>(e.failures()));
            backups.add(m);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("formatVersion", "1");
        root.put("backups", backups);
        try {
            AtomicFile.write(file, Json.writeIndented(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("Could not keep the record of failed uploads in {} ({}); after a restart, listings will not"
                    + " show which agents failed. Check the disk.", file, e.getMessage());
        }
    }
}
