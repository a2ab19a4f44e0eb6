package org.homeautomation.backup.agent.local.internal;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.homeautomation.backup.api.Identifiers;

/**
 * The checked settings of one local agent, made from a component's configuration. Kept apart from the components so
 * that both share the rules and so that the rules can be tested without a framework.
 */
final class AgentSettings {
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
     * @param pid the configuration's (factory) pid, to name it in messages
     * @param id the configured id
     * @param name the configured name; blank means "Local folder &lt;directory&gt;"
     * @param directory the configured folder, an absolute path
     * @param createFolder whether a missing folder is created
     * @throws IllegalArgumentException when a value is missing or invalid, saying which and how to fix it
     */
    static AgentSettings configured(String pid, String id, String name, String directory, boolean createFolder) {
        Path folder = absoluteFolder(pid, directory);
        return new AgentSettings(checkId(pid, id), isBlank(name) ? "Local folder " + folder : name.trim(), folder,
                createFolder);
    }

    /**
     * Settings of the default agent, where every value has a default.
     *
     * @param pid the configuration's pid, to name it in messages
     * @param id the configured id
     * @param name the configured name; blank means "Local backups"
     * @param directory the configured folder; blank means {@code <karafData>/backups}, or else {@code dataArea}
     * @param karafData the runtime's data folder ({@code karaf.data}), or null outside Karaf
     * @param dataArea gives the bundle's persistent "backups" folder, or null when the framework has no file system
     * @throws IllegalArgumentException when a value is invalid, saying which and how to fix it
     */
    static AgentSettings defaults(String pid, String id, String name, String directory, String karafData,
            Supplier<File> dataArea) {
        Path folder;
        if (!isBlank(directory)) {
            folder = absoluteFolder(pid, directory);
        } else if (!isBlank(karafData)) {
            folder = Path.of(karafData, "backups").toAbsolutePath().normalize();
        } else {
            File data = dataArea.get();
            if (data == null) {
                throw new IllegalArgumentException("Configuration " + pid + ": the framework has no persistent data"
                        + " area; set 'directory' to the absolute path of a folder for backups");
            }
            folder = data.toPath().toAbsolutePath().normalize();
        }
        // The runtime's own folder: created when missing, it is on the runtime's disk by definition.
        return new AgentSettings(checkId(pid, id), isBlank(name) ? "Local backups" : name.trim(), folder, true);
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

    private static String checkId(String pid, String id) {
        if (isBlank(id)) {
            throw new IllegalArgumentException("Configuration " + pid + ": 'id' is missing; set it to an agent id"
                    + " unique in this runtime, such as \"nas\"");
        }
        try {
            return Identifiers.requireValidAgentId(id.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Configuration " + pid + ", 'id': " + e.getMessage(), e);
        }
    }

    private static Path absoluteFolder(String pid, String directory) {
        if (isBlank(directory)) {
            throw new IllegalArgumentException("Configuration " + pid + ": 'directory' is missing; set it to the"
                    + " absolute path of the folder for backups");
        }
        Path path;
        try {
            path = Path.of(directory.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Configuration " + pid + ": 'directory' \"" + directory
                    + "\" is not a valid path: " + e.getReason(), e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("Configuration " + pid + ": 'directory' \"" + directory
                    + "\" must be an absolute path");
        }
        return path.normalize();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
