package org.homeautomation.backup.core.internal.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The excludes every backup in Karaf has unless the configuration removes one: the parts of Karaf's data folder that
 * are rebuilt, transient, or the backups themselves, and temporary files. They apply to whichever source holds the
 * data folder, whatever its name and whatever other sources are configured: {@code data/cache} for a source named
 * {@code data}, {@code karaf/data/cache} for a source {@code karaf=${karaf.home}}.
 *
 * <p>The configured {@code excludes} add to them; an entry {@code !<glob>} removes the default written exactly so.
 */
final class DefaultExcludes {
    /** Below Karaf's data folder: the framework cache (with ConfigAdmin's copies of configurations), logs, ... */
    static final List<String> KARAF_DATA_PARTS = List.of("cache", "log", "tmp", "backup", "backups",
            "generated-bundles", "kar", "lock", "port", "pid");
    /** Temporary files anywhere, in Karaf. */
    static final String TEMPORARY_FILES = "**/*.tmp";

    private DefaultExcludes() {
    }

    /**
     * @param sources the configured sources
     * @param karafData Karaf's data folder, or null outside Karaf (where there are no defaults)
     * @return the default globs for these sources
     */
    static List<String> of(Map<String, Path> sources, Path karafData) {
        List<String> globs = new ArrayList<>();
        if (karafData == null) {
            return globs;
        }
        sources.forEach((name, root) -> {
            Path relative = relativeDataFolder(root, karafData);
            if (relative != null) {
                String prefix = relative.toString().isEmpty() ? name
                        : name + "/" + escapeGlob(relative.toString().replace('\\', '/'));
                KARAF_DATA_PARTS.forEach(part -> globs.add(prefix + "/" + part));
            }
        });
        globs.add(TEMPORARY_FILES);
        return globs;
    }

    /**
     * @param defaults the defaults for the configured sources
     * @param configured the configured {@code excludes}: globs to add, and {@code !<glob>} to remove a default
     * @param reader where a problem is recorded: a malformed glob, or a removal that names no default
     * @return the excludes in force: the defaults not removed, then the configured globs
     */
    static List<String> combine(List<String> defaults, List<String> configured, ConfigurationReader reader) {
        Set<String> result = new LinkedHashSet<>(defaults);
        List<String> added = new ArrayList<>();
        for (String entry : configured) {
            if (entry.startsWith("!")) {
                String removed = trimSlash(entry.substring(1).trim());
                if (!result.remove(removed)) {
                    reader.problem("excludes", entry, "removes no default exclude; the defaults here are "
                            + (defaults.isEmpty() ? "none" : String.join(", ", defaults)));
                }
            } else if (isGlob(entry)) {
                added.add(trimSlash(entry));
            } else {
                reader.problem("excludes", entry, "is not a valid glob (see java.nio.file.FileSystem#getPathMatcher)");
            }
        }
        result.addAll(added);
        return List.copyOf(result);
    }

    /** @return the data folder relative to {@code root} when it is the root or below it, else null */
    private static Path relativeDataFolder(Path root, Path karafData) {
        Path data = karafData.toAbsolutePath().normalize();
        if (data.startsWith(root)) {
            return root.relativize(data);
        }
        try {
            Path realData = data.toRealPath();
            Path realRoot = root.toRealPath();
            return realData.startsWith(realRoot) ? realRoot.relativize(realData) : null;
        } catch (IOException e) {
            return null; // one of them does not exist (yet): only the configured forms could be compared
        }
    }

    private static boolean isGlob(String glob) {
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return true;
        } catch (IllegalArgumentException e) { // PatternSyntaxException among others
            return false;
        }
    }

    private static String trimSlash(String glob) {
        return glob.endsWith("/") && glob.length() > 1 ? glob.substring(0, glob.length() - 1) : glob;
    }

    private static String escapeGlob(String path) {
        StringBuilder sb = new StringBuilder();
        for (char c : path.toCharArray()) {
            if ("\\*?[]{}".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
