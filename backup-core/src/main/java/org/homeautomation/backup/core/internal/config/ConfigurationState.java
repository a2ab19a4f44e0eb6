package org.homeautomation.backup.core.internal.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.homeautomation.backup.api.BackupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's configuration as it changes: the last valid settings (the defaults until a valid configuration
 * came), and the problem of the configuration last given, if it was invalid. An invalid configuration never stops
 * the manager: it is reported once, in the log, and in the refusal of every new backup until a valid one comes;
 * everything else goes on with the last valid settings.
 *
 * <p>Also the folders of the registered agents that keep backups on this machine (the service property
 * {@value #AGENT_FOLDER_PROPERTY}, which the local agent sets): no backup includes them, whatever source they lie in.
 * Thread-safe.
 */
public final class ConfigurationState {
    /** Service property of a backup agent: an absolute folder holding its backups, which backups then leave out. */
    public static final String AGENT_FOLDER_PROPERTY = "agent.directory";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationState.class);

    private final UnaryOperator<String> frameworkProperty;
    private final Path dataArea;
    private final Map<Long, Path> agentFolders = new ConcurrentHashMap<>();
    private volatile ManagerSettings valid;
    private volatile String problem;

    /**
     * Starts with the defaults.
     *
     * @param frameworkProperty reads a framework property such as {@code karaf.data}; returns null when unset
     * @param dataArea the bundle's persistent data area, for defaults outside Karaf
     */
    public ConfigurationState(UnaryOperator<String> frameworkProperty, Path dataArea) {
        this.frameworkProperty = frameworkProperty;
        this.dataArea = dataArea;
        this.valid = ManagerSettings.from(Map.of(), frameworkProperty, dataArea);
    }

    /**
     * The {@code sources} entries as configured, read leniently: whatever can be read of them, also when the
     * configuration is invalid. Crash recovery looks beside these folders, since a restore may have swapped one.
     *
     * @param properties the raw configuration
     * @return the entries, {@code name=/path} each, possibly malformed; empty when there are none
     */
    public static List<String> sourceEntries(Map<String, ?> properties) {
        Object value = properties == null ? null : properties.get("sources");
        try {
            if (value instanceof String[] entries) {
                return List.of(entries);
            }
            if (value instanceof Collection<?> entries) {
                return entries.stream().map(String::valueOf).toList();
            }
            if (value instanceof String text) {
                return text.trim().startsWith("[") ? ListSyntax.parse(text) : ListSyntax.splitAtCommas(text);
            }
        } catch (RuntimeException e) {
            // Unreadable: the configuration's own check reports it.
        }
        return List.of();
    }

    /**
     * Takes a configuration given at start or changed later. An invalid one is logged with every problem; the last
     * valid settings stay in force.
     *
     * @param properties the raw properties as DS passes them (its own {@code component.*} and ConfigAdmin's
     *        {@code service.*} keys among them)
     */
    public void apply(Map<String, ?> properties) {
        try {
            ManagerSettings settings = ManagerSettings.from(properties, frameworkProperty, dataArea);
            boolean wasInvalid = problem != null;
            valid = settings;
            problem = null;
            LOG.info("Backup manager configured{}: sources {}, excludes {}, staging {}",
                    wasInvalid ? " (the configuration is valid again)" : "", settings.sources(), settings.excludes(),
                    settings.stagingDirectory());
        } catch (InvalidConfigurationException e) {
            problem = e.getMessage();
            LOG.error("{}. New backups are refused until it is fixed (in Karaf, in etc/{}.cfg); the manager goes on"
                    + " with its last valid configuration (at start, its defaults).", e.getMessage(),
                    BackupConfiguration.PID);
        }
        TreeSet<String> unknown = new TreeSet<>();
        properties.keySet().stream().filter(k -> !k.contains(".") && !ManagerSettings.KEYS.contains(k))
                .forEach(unknown::add);
        if (!unknown.isEmpty()) {
            LOG.warn("The configuration {} has keys the backup manager does not know, which are ignored: {}. Known"
                    + " keys: {}", BackupConfiguration.PID, unknown, new TreeSet<>(ManagerSettings.KEYS));
        }
    }

    /** @return the last valid settings (the defaults until a valid configuration came), leaving out agent folders */
    public ManagerSettings settings() {
        return valid.withAgentFolders(List.copyOf(agentFolders.values()));
    }

    /**
     * @return the settings for a new backup
     * @throws BackupException when the configuration last given is invalid, naming its problems
     */
    public ManagerSettings forNewBackup() throws BackupException {
        String p = problem;
        if (p != null) {
            throw new BackupException(p + ". Fix it (in Karaf, in etc/" + BackupConfiguration.PID + ".cfg) and try"
                    + " again.");
        }
        return settings();
    }

    /** @return the problem of the configuration last given, when it is invalid */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * @param serviceId the agent's service id
     * @param folder the agent's {@value #AGENT_FOLDER_PROPERTY} service property; ignored unless an absolute path
     */
    public void agentAdded(long serviceId, Object folder) {
        if (folder instanceof String s && !s.isBlank()) {
            try {
                Path p = Path.of(s.trim());
                if (p.isAbsolute()) {
                    agentFolders.put(serviceId, p.normalize());
                }
            } catch (java.nio.file.InvalidPathException e) {
                LOG.warn("Agent service {} gives an invalid folder in {}: {}", serviceId, AGENT_FOLDER_PROPERTY,
                        e.getMessage());
            }
        }
    }

    /** @param serviceId the service id of an agent that went away */
    public void agentRemoved(long serviceId) {
        agentFolders.remove(serviceId);
    }
}
