package org.homeautomation.backup.agent.local.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.homeautomation.backup.api.Identifiers;

/**
 * The checked settings of one local agent, made from its configuration. Kept apart from the component so that the
 * rules can be tested without a framework.
 *
 * <p>Invalid settings are reported in one message naming the configuration's pid and, for each wrong key, its value
 * and what is allowed; every wrong key is named at once, so that one edit fixes the configuration.
 */
final class AgentSettings {
    /** What {@link Identifiers#isValidAgentId} accepts, for people. */
    static final String ID_RULE = "1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting with a letter or digit,"
            + " unique in this runtime, such as \"usb\"";
    static final String DIRECTORY_RULE = "the absolute path of the folder for backups, such as \"/media/usb/backups\"";
    /** The start of the id of an agent whose configured id is not valid. */
    static final String DERIVED_ID_PREFIX = "local-";

    private final String id;
    private final String name;
    private final Path directory;
    private final boolean createFolder;

    private AgentSettings(String id, String name, Path directory, boolean createFolder) {
        this.id = id;
        this.name = name;
        this.directory = directory;
        this.createFolder = createFolder;
    }

    /**
     * Settings of an agent configured by a person: id and folder are required.
     *
     * @param pid the configuration's pid, to name it in messages
     * @param id the configured id
     * @param name the configured name; blank means "Local folder &lt;directory&gt;"
     * @param directory the configured folder, an absolute path
     * @param createFolder whether a missing folder is created
     * @throws IllegalArgumentException when values are missing or invalid, saying which, with what value, and what
     *         is allowed
     */
    static AgentSettings configured(String pid, String id, String name, String directory, boolean createFolder) {
        List<String> problems = new ArrayList<>();
        String checkedId = checkId(id, problems);
        Path folder = absoluteFolder(directory, problems);
        requireNone(pid, problems);
        return new AgentSettings(checkedId, isBlank(name) ? "Local folder " + folder : name.trim(), folder,
                createFolder);
    }

    /**
     * The id under which a configuration is listed: its configured id when valid, else one made from the pid, so
     * that a wrong configuration still shows up, as unavailable, with its reason.
     *
     * @param pid the factory configuration's pid: {@code factoryPid~name} (Configuration Admin 1.6, File Install's
     *        {@code factoryPid-name.cfg}) or {@code factoryPid.<generated>}
     * @param factoryPid the factory pid
     * @param configuredId the configured id, maybe invalid or null
     * @return a valid agent id: the configured one, else {@code local-<name>}
     */
    static String listedId(String pid, String factoryPid, String configuredId) {
        return validIdOr(configuredId, derivedId(pid, factoryPid));
    }

    /** @return the configured id, trimmed, when it is valid; else {@code fallback} */
    private static String validIdOr(String configuredId, String fallback) {
        if (configuredId != null && Identifiers.isValidAgentId(configuredId.trim())) {
            return configuredId.trim();
        }
        return fallback;
    }

    private static String derivedId(String pid, String factoryPid) {
        String name = pid;
        if (pid.contains("~")) {
            name = pid.substring(pid.lastIndexOf('~') + 1);
        } else if (factoryPid != null && pid.startsWith(factoryPid + ".")) {
            name = pid.substring(factoryPid.length() + 1);
        }
        String derived = DERIVED_ID_PREFIX + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return derived.length() > 64 ? derived.substring(0, 64) : derived;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    Path directory() {
        return directory;
    }

    /** @return whether a missing folder is created at start */
    boolean createFolder() {
        return createFolder;
    }

    private static void requireNone(String pid, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + pid + ": " + String.join("; ", problems));
        }
    }

    /** @return the trimmed id, or null when it is not valid (and then a problem is added) */
    private static String checkId(String id, List<String> problems) {
        if (isBlank(id)) {
            problems.add("'id' is missing; allowed: " + ID_RULE);
            return null;
        }
        if (!Identifiers.isValidAgentId(id.trim())) {
            problems.add("'id' = \"" + id + "\" is not allowed; allowed: " + ID_RULE);
            return null;
        }
        return id.trim();
    }

    /** @return the normalized folder, or null when it is not valid (and then a problem is added) */
    private static Path absoluteFolder(String directory, List<String> problems) {
        if (isBlank(directory)) {
            problems.add("'directory' is missing; allowed: " + DIRECTORY_RULE);
            return null;
        }
        Path path;
        try {
            path = Path.of(directory.trim());
        } catch (InvalidPathException e) {
            problems.add("'directory' = \"" + directory + "\" is not a valid path (" + e.getReason() + "); allowed: "
                    + DIRECTORY_RULE);
            return null;
        }
        if (!path.isAbsolute()) {
            problems.add("'directory' = \"" + directory + "\" is a relative path; allowed: " + DIRECTORY_RULE);
            return null;
        }
        return path.normalize();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
