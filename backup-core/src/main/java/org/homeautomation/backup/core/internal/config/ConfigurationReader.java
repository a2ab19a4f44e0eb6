package org.homeautomation.backup.core.internal.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.homeautomation.backup.api.Identifiers;

/**
 * Reads the raw properties of one configuration key by key, converting and checking each value itself and collecting
 * every problem with the key, the value and what is allowed, so that one message can name them all.
 *
 * <p>Raw rather than through a DS component property type: DS converts such a type's attributes when it activates
 * the component, and a value it cannot convert ({@code compressionLevel = abc}) then fails the activation instead of
 * reaching code that could say what is wrong.
 *
 * <p>Values arrive as ConfigAdmin holds them: from a Karaf {@code .cfg} file as strings (or, when every value of the
 * file is written in the typed syntax, as typed values and arrays); from the Web Console and Metatype as
 * {@code Integer}, {@code Long} and {@code String[]}. A list therefore also arrives as one string, in the list
 * syntax {@code [ "a", "b" ]} or comma-separated; both are read here. Values of keys that name a secret
 * ({@link ConfigurationSecrets#isSecretKey(String)}) are never repeated in a message.
 */
final class ConfigurationReader {
    private final String pid;
    private final Map<String, ?> properties;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param pid the configuration's pid, for messages
     * @param properties the configuration's properties as ConfigAdmin (or DS) gives them; keys absent take defaults
     */
    ConfigurationReader(String pid, Map<String, ?> properties) {
        this.pid = pid;
        this.properties = properties == null ? Map.of() : properties;
    }

    /** @return a whole number between {@code min} and {@code max}, or {@code fallback} when the key is unset */
    long number(String key, long fallback, long min, long max) {
        Object value = properties.get(key);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return fallback;
        }
        long n;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            n = ((Number) value).longValue();
        } else if (value instanceof String s) {
            try {
                n = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                problem(key, value, "must be " + range(min, max));
                return fallback;
            }
        } else {
            problem(key, value, "must be " + range(min, max));
            return fallback;
        }
        if (n < min || n > max) {
            problem(key, value, "must be " + range(min, max));
            return fallback;
        }
        return n;
    }

    /** @return the text, trimmed, or {@code fallback} when the key is unset or blank */
    String text(String key, String fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s)) {
            problem(key, value, "must be a text");
            return fallback;
        }
        return s.isBlank() ? fallback : s.trim();
    }

    /** @return one of {@code allowed} (compared without case), or {@code fallback} when the key is unset or blank */
    String choice(String key, String fallback, List<String> allowed) {
        String value = text(key, fallback).toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            problem(key, properties.get(key), "must be one of " + String.join(", ", allowed));
            return fallback;
        }
        return value;
    }

    /**
     * @return {@code true} or {@code false}, as a {@code Boolean} or as a text in any case, or {@code fallback} when
     *         the key is unset or blank
     */
    boolean bool(String key, boolean fallback) {
        Object value = properties.get(key);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        problem(key, value, "must be true or false");
        return fallback;
    }

    /**
     * @return the text exactly as given, not trimmed (a password's spaces are its own), or empty when the key is
     *         unset
     */
    String untrimmedText(String key) {
        Object value = properties.get(key);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            problem(key, value, "must be a text");
            return "";
        }
        return s;
    }

    /**
     * @param what what the entries are, for the message: "agent ids"
     * @return the entries of a list ({@link #list(String)}) in their order, each an id as
     *         {@link Identifiers#isValidAgentId(String)} accepts; an entry that is not is a problem
     */
    Set<String> ids(String key, String what) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : list(key)) {
            if (Identifiers.isValidAgentId(id)) {
                ids.add(id);
            } else {
                problem(key, id, "must be " + what + ": 1 to 64 characters of a-z, 0-9, '.', '-' and '_', starting"
                        + " with a letter or digit");
            }
        }
        return Collections.unmodifiableSet(ids);
    }

    /**
     * @return the entries of a list, trimmed, blanks left out; empty when the key is unset. A single string is read
     *         in the list syntax {@code [ "a", "b" ]} when it is bracketed, else split at commas outside braces (so
     *         that a glob such as {@code *.{tmp,bak}} stays whole)
     */
    List<String> list(String key) {
        return list(key, ListSyntax::splitAtCommas);
    }

    /**
     * @param splitPlainText splits a single string that is not bracketed into the list's entries
     * @return the entries of a list as {@link #list(String)} reads them, a plain text split by {@code splitPlainText}
     */
    List<String> list(String key, Function<String, List<String>> splitPlainText) {
        Object value = properties.get(key);
        List<String> raw = new ArrayList<>();
        if (value == null) {
            return raw;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.startsWith("[")) {
                try {
                    raw.addAll(ListSyntax.parse(t));
                } catch (IllegalArgumentException e) {
                    problem(key, value, "is not a list as [ \"first\", \"second\" ]: " + e.getMessage());
                }
            } else {
                raw.addAll(splitPlainText.apply(t));
            }
        } else if (value.getClass().isArray() || value instanceof Collection) {
            List<Object> items = new ArrayList<>();
            if (value instanceof Collection<?> c) {
                items.addAll(c);
            } else {
                for (int i = 0; i < Array.getLength(value); i++) {
                    items.add(Array.get(value, i));
                }
            }
            for (Object item : items) {
                if (item instanceof String s) {
                    raw.add(s);
                } else {
                    problem(key, value, "must be a list of texts");
                    return List.of();
                }
            }
        } else {
            problem(key, value, "must be a list of texts");
            return List.of();
        }
        return raw.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Records a problem with one value of a key.
     *
     * @param key the key
     * @param value the value (or the entry of a list) at fault; hidden when the key names a secret
     * @param allowed what is allowed instead, as "must be ..." or a like phrase
     */
    void problem(String key, Object value, String allowed) {
        problems.add(key + " = " + show(key, value) + ": " + allowed);
    }

    /** @return the problems found so far, each naming its key, value and what is allowed */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** @throws InvalidConfigurationException naming every problem found, when there is any */
    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(pid, problems);
        }
    }

    private static String show(String key, Object value) {
        if (ConfigurationSecrets.isSecretKey(key)) {
            return "(value hidden)";
        }
        if (value == null) {
            return "(not set)";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            return items.toString();
        }
        return value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static String range(long min, long max) {
        if (max >= Integer.MAX_VALUE) {
            return "a whole number of " + min + " or more";
        }
        return "a whole number from " + min + " to " + max;
    }
}
