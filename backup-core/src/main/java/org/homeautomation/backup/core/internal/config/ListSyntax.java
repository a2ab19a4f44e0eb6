package org.homeautomation.backup.core.internal.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists written as one text. Karaf's File Install reads {@code key = [ "a", "b" ]} of a {@code .cfg} file as an
 * array only when every value of that file is in the typed syntax; as soon as one value is plain
 * ({@code compressionLevel = 5}) the whole file is read as texts and the list arrives as the string
 * {@code [ "a", "b" ]}. Both forms must mean the same, so that string is read here.
 */
final class ListSyntax {
    private ListSyntax() {
    }

    /**
     * @param text {@code [ "first", "second" ]}: entries in double quotes (with {@code \"} and {@code \\} escaped),
     *        or without quotes when they hold no comma, separated by commas
     * @return the entries, untrimmed inside quotes
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static List<String> parse(String text) {
        String t = text.trim();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException("it must start with [ and end with ]");
        }
        List<String> entries = new ArrayList<>();
        String body = t.substring(1, t.length() - 1);
        int i = 0;
        while (true) {
            i = skipBlanks(body, i);
            if (i >= body.length()) {
                return entries;
            }
            StringBuilder entry = new StringBuilder();
            if (body.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < body.length()) {
                    char c = body.charAt(i++);
                    if (c == '\\' && i < body.length()) {
                        entry.append(body.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        entry.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("a quote is not closed after \"" + entry + "\"");
                }
                i = skipBlanks(body, i);
                if (i < body.length() && body.charAt(i) != ',') {
                    throw new IllegalArgumentException("a comma must follow \"" + entry + "\"");
                }
            } else {
                int comma = body.indexOf(',', i);
                int end = comma < 0 ? body.length() : comma;
                entry.append(body, i, end);
                i = end;
            }
            entries.add(entry.toString());
            i++; // past the comma (or the end)
        }
    }

    /** @return the text split at commas that are not inside braces, so globs such as {@code *.{a,b}} stay whole */
    static List<String> splitAtCommas(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
