package org.homeautomation.backup.support.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON subset that metadata needs: objects, arrays, strings, integral numbers, booleans and null. Kept here
 * so that the API bundle imports nothing and third-party agents need no JSON library.
 *
 * <p>The parser reads files that anyone with access to a shared folder or bucket may have put there, so it is strict
 * and bounded: nesting deeper than {@link #MAX_DEPTH}, a number outside {@code long}, a key given twice, whitespace
 * or digits JSON does not know, all fail with {@link IllegalArgumentException}, never with an {@link Error}.
 */
public final class Json {
    /** The deepest nesting of arrays and objects parsed; metadata needs 2, and the parser recurses once a level. */
    public static final int MAX_DEPTH = 64;

    private Json() {
    }

    /**
     * Writes a value made of {@link Map} (string keys), {@link List}, {@link String}, {@link Long}, {@link Integer},
     * {@link Boolean} and null.
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out, -1);
        return out.toString();
    }

    /**
     * Writes like {@link #write(Object)}, with one object member a line, indented, for files people read.
     */
    public static String writeIndented(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out, 0);
        return out.append('\n').toString();
    }

    /** @param depth the nesting depth when indenting, or -1 for compact output */
    private static void write(Object value, StringBuilder out, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (depth >= 0) {
                    newline(out, depth + 1);
                }
                writeString((String) e.getKey(), out);
                out.append(depth < 0 ? ":" : ": ");
                write(e.getValue(), out, depth < 0 ? -1 : depth + 1);
            }
            if (!map.isEmpty()) {
                newline(out, depth);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(depth < 0 ? "," : ", ");
                }
                write(list.get(i), out, depth < 0 ? -1 : depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void newline(StringBuilder out, int depth) {
        if (depth >= 0) {
            out.append('\n').append("  ".repeat(depth));
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses a JSON text into {@link Map}, {@link List}, {@link String}, {@link Long}, {@link Boolean} or null.
     *
     * @throws IllegalArgumentException when the text is not JSON of that subset, is nested deeper than
     *         {@link #MAX_DEPTH}, holds a number outside {@code long} or a key twice in one object; saying where
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return value;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        /** @param depth how many arrays and objects enclose the value */
        Object value(int depth) {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(enter(depth));
                case '[':
                    return array(enter(depth));
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || isDigit(c)) {
                        return number();
                    }
                    throw error("unexpected character " + (c > ' ' && c < 0x7f ? "'" + c + "'"
                            : String.format("U+%04X", (int) c)));
            }
        }

        /** @return the depth of the values inside the array or object that starts here */
        private int enter(int depth) {
            if (depth >= MAX_DEPTH) {
                throw error("arrays and objects are nested deeper than " + MAX_DEPTH + " levels");
            }
            return depth + 1;
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                int keyStart = pos;
                String key = string();
                if (map.containsKey(key)) {
                    pos = keyStart;
                    // Not quoting the key: it may be of any length and hold anything.
                    throw error("a key is given twice in one object");
                }
                skipSpace();
                expect(':');
                map.put(key, value(depth));
                skipSpace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array(int depth) {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value(depth));
                skipSpace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            int code = 0;
                            for (int i = 0; i < 4; i++) {
                                int digit = hexDigit(next());
                                if (digit < 0) {
                                    throw error("bad \\u escape");
                                }
                                code = code * 16 + digit;
                            }
                            out.append((char) code);
                        }
                        default -> throw error("bad escape '\\" + e + "'");
                    }
                } else if (c < 0x20) {
                    throw error("control character in string");
                } else {
                    out.append(c);
                }
            }
        }

        private Long number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw error("a number has no digits");
            }
            if (s.charAt(digits) == '0' && pos - digits > 1) {
                throw error("a number starts with 0");
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("only integral numbers are expected");
            }
            try {
                return Long.parseLong(s, start, pos, 10);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("a number is outside the range of a long (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                        + ")");
            }
        }

        private static int hexDigit(char c) {
            if (isDigit(c)) {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }

        /** Only ASCII digits: {@link Character#isDigit} takes other scripts' digits too. */
        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected token");
            }
            pos += word.length();
            return value;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos++);
        }

        void skipSpace() {
            while (pos < s.length() && isSpace(s.charAt(pos))) {
                pos++;
            }
        }

        /** JSON's four whitespace characters, not every one {@link Character#isWhitespace} knows. */
        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Malformed JSON at character " + pos + ": " + what);
        }
    }
}
