package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.PatternSyntaxException;

/**
 * Decides which paths of a content are left out of the archive. An excluded folder is skipped whole.
 *
 * <p>Globs use the {@link java.nio.file.FileSystem#getPathMatcher(String) "glob:" syntax} and are matched against
 * {@code <content name>/<path relative to the content root>} with '/' separators and no trailing '/': {@code *}
 * stays within one path segment, {@code **} crosses segments. Examples: {@code userdata/cache},
 * {@code userdata/tmp/*}, {@code **}{@code /*.log}.
 *
 * <p>Absolute excludes leave out a path and everything below it, whatever content it appears in; the staging folder
 * of a backup is excluded this way so that an archive never contains itself. Immutable.
 */
public final class PathExcluder {
    private static final BiPredicate<String, String> NOTHING_MORE = (content, path) -> false;
    private static final PathExcluder NONE = new PathExcluder(List.of(), List.of(), List.of(), NOTHING_MORE);

    private final List<String> globs;
    private final List<PathMatcher> matchers;
    private final List<Path> absolute;
    private final BiPredicate<String, String> more;

    private PathExcluder(List<String> globs, List<PathMatcher> matchers, List<Path> absolute,
            BiPredicate<String, String> more) {
        this.globs = globs;
        this.matchers = matchers;
        this.absolute = absolute;
        this.more = more;
    }

    /** @return an excluder that keeps every path */
    public static PathExcluder none() {
        return NONE;
    }

    /**
     * @param globs            glob patterns, see the class description
     * @param absoluteExcludes absolute paths to leave out with everything below them
     * @return the excluder
     * @throws IllegalArgumentException when a glob is malformed or an exclude is not absolute, naming it
     */
    public static PathExcluder of(List<String> globs, List<Path> absoluteExcludes) {
        List<PathMatcher> matchers = new ArrayList<>(globs.size());
        for (String glob : globs) {
            matchers.add(compile(glob));
        }
        List<Path> absolute = new ArrayList<>();
        for (Path p : absoluteExcludes) {
            addAbsolute(absolute, p);
        }
        return new PathExcluder(List.copyOf(globs), List.copyOf(matchers), List.copyOf(absolute), NOTHING_MORE);
    }

    /**
     * @param path an absolute path to leave out too, with everything below it
     * @return a copy of this excluder that also leaves out {@code path}
     * @throws IllegalArgumentException when the path is not absolute
     */
    public PathExcluder excludeAbsolute(Path path) {
        List<Path> more = new ArrayList<>(absolute);
        addAbsolute(more, path);
        return new PathExcluder(globs, matchers, List.copyOf(more), this.more);
    }

    /**
     * A restore of chosen paths keeps every other live path as it is, as it keeps excluded ones.
     *
     * @param alsoExcluded given a content and a path relative to it, whether to leave that path (and, for a folder,
     *        everything below it) out as well
     * @return a copy of this excluder that also leaves out what {@code alsoExcluded} says
     */
    public PathExcluder excluding(BiPredicate<String, String> alsoExcluded) {
        return new PathExcluder(globs, matchers, absolute, more.or(alsoExcluded));
    }

    /**
     * @param contentName  the content's name
     * @param relativePath the path relative to the content root, '/'-separated, without a trailing '/'
     * @param absolute     the same path as an absolute path, as the writer reached it
     * @return whether the path (and, for a folder, everything below it) is left out
     */
    public boolean excludes(String contentName, String relativePath, Path absolute) {
        for (Path excluded : this.absolute) {
            if (absolute.startsWith(excluded)) {
                return true;
            }
        }
        if (more.test(contentName, relativePath)) {
            return true;
        }
        if (matchers.isEmpty()) {
            return false;
        }
        Path candidate = Path.of(contentName + "/" + relativePath);
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static PathMatcher compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("An exclude pattern must not be empty");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Malformed exclude pattern \"" + glob + "\": " + e.getDescription(), e);
        }
    }

    /*
     * The writer reaches files through the real path of the content root, so an exclude given through a symbolic
     * link (or with "..") must be compared in its real form too; both forms are kept because the path may not exist
     * yet when the excluder is made.
     */
    private static void addAbsolute(List<Path> into, Path path) {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("An absolute exclude must be an absolute path, was " + path);
        }
        Path normalized = path.normalize();
        into.add(normalized);
        try {
            Path real = path.toRealPath();
            if (!real.equals(normalized)) {
                into.add(real);
            }
        } catch (IOException e) {
            // Does not exist (yet): the normalized form is all there is to compare with.
        }
    }

    @Override
    public String toString() {
        return "PathExcluder[globs=" + globs + ", absolute=" + absolute + "]";
    }
}
