package org.homeautomation.backup.core.internal.paths;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The entries a list of globs chooses, matched against {@code content/path}: {@code *} is any characters but '/',
 * {@code ?} one character but '/', {@code **} any number of whole segments (none included). A path is chosen when a
 * glob matches it or one of the folders above it, so choosing a folder chooses everything in it. No globs choose
 * everything. Immutable and thread-safe.
 */
public final class PathSelection {
    private static final PathSelection EVERYTHING = new PathSelection(List.of(), List.of());

    private final List<String> globs;
    private final List<Segment[]> patterns;

    private PathSelection(List<String> globs, List<Segment[]> patterns) {
        this.globs = globs;
        this.patterns = patterns;
    }

    /**
     * @param globs the globs; empty chooses everything
     * @return the selection
     */
    public static PathSelection of(List<String> globs) {
        if (globs.isEmpty()) {
            return EVERYTHING;
        }
        List<Segment[]> patterns = new ArrayList<>();
        for (String glob : globs) {
            patterns.add(compile(glob));
        }
        return new PathSelection(List.copyOf(globs), patterns);
    }

    /** @return whether every entry is chosen */
    public boolean everything() {
        return patterns.isEmpty();
    }

    /** @return the globs, as given */
    public List<String> globs() {
        return globs;
    }

    /**
     * @param content a content's name
     * @param path an entry's normalized path inside it; empty for the content's folder
     * @return whether the entry is chosen
     */
    public boolean chooses(String content, String path) {
        if (patterns.isEmpty()) {
            return true;
        }
        String[] segments = (path.isEmpty() ? content : content + "/" + path).split("/");
        for (Segment[] pattern : patterns) {
            if (matchesPrefix(pattern, 0, segments, 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a restore of chosen paths into a live folder: what it leaves as it is.
     *
     * @param content a content's name
     * @param path a live path inside the content's folder, normalized; empty for the folder itself
     * @return whether neither the path nor anything below it is chosen, so that it stays as it is, whole
     */
    public boolean keepsWhole(String content, String path) {
        if (patterns.isEmpty()) {
            return false;
        }
        String[] segments = (path.isEmpty() ? content : content + "/" + path).split("/");
        for (Segment[] pattern : patterns) {
            if (mayMatchAtOrBelow(pattern, 0, segments, 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param content a content's name
     * @return whether some entry of the content may be chosen; false lets a reader skip the content whole
     */
    public boolean mayChooseIn(String content) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (Segment[] pattern : patterns) {
            if (pattern[0].anySegments || pattern[0].matches(content)) {
                return true;
            }
        }
        return false;
    }

    /* Whether the pattern, from p on, is used up by the path's segments from s on or by fewer of them (a folder). */
    private static boolean matchesPrefix(Segment[] pattern, int p, String[] path, int s) {
        if (p == pattern.length) {
            return true;
        }
        if (pattern[p].anySegments) {
            for (int skip = s; skip <= path.length; skip++) {
                if (matchesPrefix(pattern, p + 1, path, skip)) {
                    return true;
                }
            }
            return false;
        }
        return s < path.length && pattern[p].matches(path[s]) && matchesPrefix(pattern, p + 1, path, s + 1);
    }

    /* As matchesPrefix, but a path used up before the pattern may still have chosen entries below it. */
    private static boolean mayMatchAtOrBelow(Segment[] pattern, int p, String[] path, int s) {
        if (p == pattern.length || s == path.length) {
            return true;
        }
        if (pattern[p].anySegments) {
            for (int skip = s; skip <= path.length; skip++) {
                if (mayMatchAtOrBelow(pattern, p + 1, path, skip)) {
                    return true;
                }
            }
            return false;
        }
        return pattern[p].matches(path[s]) && mayMatchAtOrBelow(pattern, p + 1, path, s + 1);
    }

    private static Segment[] compile(String glob) {
        List<Segment> segments = new ArrayList<>();
        for (String part : glob.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("The path '" + glob + "' has a '..' segment; paths of a backup"
                        + " stay inside it");
            }
            segments.add(Segment.of(part));
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("The path '" + glob + "' names nothing; give content/path, for example"
                    + " etc/org.foo.cfg");
        }
        return segments.toArray(Segment[]::new);
    }

    /** One segment of a glob: {@code **}, a literal name, or a pattern with {@code *} and {@code ?}. */
    private record Segment(boolean anySegments, String literal, Pattern pattern) {
        static Segment of(String part) {
            if (part.equals("**")) {
                return new Segment(true, null, null);
            }
            if (part.indexOf('*') < 0 && part.indexOf('?') < 0) {
                return new Segment(false, part, null);
            }
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : part.toCharArray()) {
                if (c == '*' || c == '?') {
                    regex.append(Pattern.quote(literal.toString())).append(c == '*' ? "[^/]*" : "[^/]");
                    literal.setLength(0);
                } else {
                    literal.append(c);
                }
            }
            regex.append(Pattern.quote(literal.toString()));
            return new Segment(false, null, Pattern.compile(regex.toString(), Pattern.DOTALL));
        }

        boolean matches(String name) {
            return literal != null ? literal.equals(name) : pattern.matcher(name).matches();
        }
    }
}
