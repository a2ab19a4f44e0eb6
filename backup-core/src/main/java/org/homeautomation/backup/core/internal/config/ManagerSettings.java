package org.homeautomation.backup.core.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;

/**
 * The manager's configuration, checked and with the defaults filled in. Immutable: a backup keeps the settings it
 * started with when the configuration changes under it.
 *
 * <p>Inside Karaf (the {@code karaf.etc} and {@code karaf.data} properties are set) the defaults back up the runtime's
 * etc and data folders, without the framework cache, logs, temporary files and the backup folders themselves.
 */
public record ManagerSettings(Map<String, Path> sources, List<String> excludes, Path stagingDirectory,
        int compressionLevel, int compressionWorkers, Duration participantTimeout,
        UnreadableFilePolicy unreadableFiles, Set<String> unprotectedAgents) {

    /** Excluded from the data folder by default: state that is rebuilt, transient, or is the backups themselves. */
    static final List<String> KARAF_DATA_EXCLUDES = List.of("data/cache", "data/log", "data/tmp", "data/backup",
            "data/backups", "data/generated-bundles", "data/kar", "data/lock", "data/port", "data/pid", "**/*.tmp");

    /**
     * @param config the typed configuration
     * @param property reads a framework property such as {@code karaf.data}; returns null when unset
     * @param dataArea the bundle's persistent data area, for defaults outside Karaf
     * @return the settings
     * @throws IllegalArgumentException when a value is invalid, saying which and why
     */
    public static ManagerSettings from(BackupConfiguration config, UnaryOperator<String> property, Path dataArea) {
        String karafEtc = property.apply("karaf.etc");
        String karafData = property.apply("karaf.data");
        boolean karaf = karafEtc != null && karafData != null;

        Map<String, Path> sources = new LinkedHashMap<>();
        if (config.sources().length == 0) {
            if (karaf) {
                sources.put("etc", Path.of(karafEtc));
                sources.put("data", Path.of(karafData));
            }
        } else {
            for (String entry : config.sources()) {
                parseSource(entry, sources);
            }
        }

        List<String> excludes = new ArrayList<>();
        if (config.excludes().length == 0) {
            if (karaf && config.sources().length == 0) {
                excludes.addAll(KARAF_DATA_EXCLUDES);
            }
        } else {
            for (String glob : config.excludes()) {
                if (!glob.isBlank()) {
                    excludes.add(glob.trim());
                }
            }
        }

        Path staging;
        if (!config.stagingDirectory().isBlank()) {
            staging = absolute("stagingDirectory", config.stagingDirectory().trim());
        } else if (karafData != null) {
            staging = Path.of(karafData, "backup", "staging");
        } else {
            staging = dataArea.resolve("staging");
        }

        if (config.compressionLevel() < 1 || config.compressionLevel() > 19) {
            throw new IllegalArgumentException("compressionLevel must be between 1 and 19, was "
                    + config.compressionLevel());
        }
        if (config.compressionWorkers() < 0) {
            throw new IllegalArgumentException("compressionWorkers must be 0 or more, was "
                    + config.compressionWorkers());
        }
        int workers = config.compressionWorkers() == 0 ? Runtime.getRuntime().availableProcessors()
                : config.compressionWorkers();
        if (config.participantTimeoutSeconds() < 1) {
            throw new IllegalArgumentException("participantTimeoutSeconds must be at least 1, was "
                    + config.participantTimeoutSeconds());
        }
        UnreadableFilePolicy policy = switch (config.unreadableFiles().trim().toLowerCase(Locale.ROOT)) {
            case "fail", "" -> UnreadableFilePolicy.FAIL;
            case "skip" -> UnreadableFilePolicy.SKIP;
            default -> throw new IllegalArgumentException("unreadableFiles must be 'fail' or 'skip', was '"
                    + config.unreadableFiles() + "'");
        };
        Set<String> unprotected = new TreeSet<>();
        for (String id : config.unprotectedAgents()) {
            if (!id.isBlank()) {
                if (!Identifiers.isValidAgentId(id.trim())) {
                    throw new IllegalArgumentException("unprotectedAgents holds '" + id + "', which is not an agent"
                            + " id: use 1 to 64 characters of a-z, 0-9, '.', '-' and '_'");
                }
                unprotected.add(id.trim());
            }
        }
        return new ManagerSettings(java.util.Collections.unmodifiableMap(sources), List.copyOf(excludes), staging,
                config.compressionLevel(), workers, Duration.ofSeconds(config.participantTimeoutSeconds()), policy,
                java.util.Collections.unmodifiableSet(unprotected));
    }

    private static void parseSource(String entry, Map<String, Path> sources) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("A source must be given as name=/absolute/path, got '" + entry + "'");
        }
        String name = entry.substring(0, eq).trim();
        if (!Identifiers.isValidAgentId(name)) {
            throw new IllegalArgumentException("Source name '" + name + "' is not valid: use 1 to 64 characters of"
                    + " a-z, 0-9, '.', '-' and '_', starting with a letter or digit");
        }
        if (sources.containsKey(name)) {
            throw new IllegalArgumentException("Source name '" + name + "' is configured twice");
        }
        sources.put(name, absolute("sources", entry.substring(eq + 1).trim()));
    }

    private static Path absolute(String key, String value) {
        Path p = Path.of(value);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(key + " must be an absolute path, got '" + value + "'");
        }
        return p.normalize();
    }
}
