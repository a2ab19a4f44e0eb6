package org.homeautomation.backup.core.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
        UnreadableFilePolicy unreadableFiles, Set<String> unprotectedAgents, List<Path> agentFolders) {

    /** The keys of the configuration, to point out keys that are not (a misspelt key is otherwise silently unused). */
    static final Set<String> KEYS = Set.of("sources", "excludes", "stagingDirectory", "compressionLevel",
            "compressionWorkers", "participantTimeoutSeconds", "unreadableFiles", "unprotectedAgents");

    /** Settings without agent folders to leave out. */
    public ManagerSettings(Map<String, Path> sources, List<String> excludes, Path stagingDirectory,
            int compressionLevel, int compressionWorkers, Duration participantTimeout,
            UnreadableFilePolicy unreadableFiles, Set<String> unprotectedAgents) {
        this(sources, excludes, stagingDirectory, compressionLevel, compressionWorkers, participantTimeout,
                unreadableFiles, unprotectedAgents, List.of());
    }

    /** Copies the agent folders. */
    public ManagerSettings {
        agentFolders = List.copyOf(agentFolders);
    }

    /**
     * @param properties the configuration's raw properties, as ConfigAdmin holds them (see
     *        {@link ConfigurationReader}); an empty map gives the defaults
     * @param property reads a framework property such as {@code karaf.data}; returns null when unset
     * @param dataArea the bundle's persistent data area, for defaults outside Karaf
     * @return the settings
     * @throws InvalidConfigurationException naming every invalid key with its value and what is allowed
     */
    public static ManagerSettings from(Map<String, ?> properties, UnaryOperator<String> property, Path dataArea) {
        ConfigurationReader config = new ConfigurationReader(BackupConfiguration.PID, properties);
        String karafEtc = property.apply("karaf.etc");
        String karafData = property.apply("karaf.data");
        boolean karaf = karafEtc != null && karafData != null;

        Map<String, Path> sources = new LinkedHashMap<>();
        List<String> sourceEntries = config.list("sources");
        if (sourceEntries.isEmpty()) {
            if (karaf) {
                sources.put("etc", Path.of(karafEtc).toAbsolutePath().normalize());
                sources.put("data", Path.of(karafData).toAbsolutePath().normalize());
            }
        } else {
            for (String entry : sourceEntries) {
                parseSource(entry, sources, config);
            }
        }
        List<String> excludes = DefaultExcludes.combine(
                DefaultExcludes.of(sources, karaf ? Path.of(karafData) : null), config.list("excludes"), config);

        String stagingValue = config.text("stagingDirectory", "");
        Path staging;
        if (!stagingValue.isEmpty()) {
            staging = absolute("stagingDirectory", stagingValue, config);
        } else if (karafData != null) {
            staging = Path.of(karafData, "backup", "staging");
        } else {
            staging = dataArea.resolve("staging");
        }

        int level = (int) config.number("compressionLevel", 3, 1, 19);
        int workers = (int) config.number("compressionWorkers", 0, 0, Integer.MAX_VALUE);
        long timeout = config.number("participantTimeoutSeconds", 300, 1, Long.MAX_VALUE / 1_000_000_000L);
        UnreadableFilePolicy policy = switch (config.choice("unreadableFiles", "fail", List.of("fail", "skip"))) {
            case "skip" -> UnreadableFilePolicy.SKIP;
            default -> UnreadableFilePolicy.FAIL;
        };
        Set<String> unprotected = new TreeSet<>(config.ids("unprotectedAgents", "agent ids"));
        config.throwIfInvalid();
        return new ManagerSettings(Collections.unmodifiableMap(sources), excludes, staging, level,
                workers == 0 ? Runtime.getRuntime().availableProcessors() : workers, Duration.ofSeconds(timeout),
                policy, Collections.unmodifiableSet(unprotected), List.of());
    }

    /**
     * @param folders the folders of the registered agents that keep backups on this machine
     * @return these settings leaving out those folders
     */
    public ManagerSettings withAgentFolders(List<Path> folders) {
        return new ManagerSettings(sources, excludes, stagingDirectory, compressionLevel, compressionWorkers,
                participantTimeout, unreadableFiles, unprotectedAgents, folders);
    }

    /**
     * @return the folders never backed up (and kept as they are by a restore) whatever source they lie in: the
     *         staging folder, so that an archive never holds itself, and the agents' folders of backups
     */
    public List<Path> alwaysExcluded() {
        List<Path> all = new ArrayList<>();
        all.add(stagingDirectory);
        all.addAll(agentFolders);
        return all;
    }

    private static void parseSource(String entry, Map<String, Path> sources, ConfigurationReader config) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            config.problem("sources", entry, "must be name=/absolute/path, such as extra=/srv/extra");
            return;
        }
        String name = entry.substring(0, eq).trim();
        if (!Identifiers.isValidAgentId(name)) {
            config.problem("sources", entry, "the name must be 1 to 64 characters of a-z, 0-9, '.', '-' and '_',"
                    + " starting with a letter or digit");
        } else if (sources.containsKey(name)) {
            config.problem("sources", entry, "the name " + name + " is given twice");
        } else {
            Path path = absolute("sources", entry.substring(eq + 1).trim(), config);
            if (path != null) {
                sources.put(name, path);
            }
        }
    }

    /** @return the path, normalized, or null (with a problem recorded) when it is not absolute */
    private static Path absolute(String key, String value, ConfigurationReader config) {
        try {
            Path p = Path.of(value);
            if (p.isAbsolute()) {
                return p.normalize();
            }
        } catch (java.nio.file.InvalidPathException e) {
            // reported below
        }
        config.problem(key, value, "must be an absolute path");
        return null;
    }
}
