package org.homeautomation.backup.core.internal.status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON the status file needs: one object whose values are strings, booleans, null, or objects of strings. The API
 * bundle keeps its JSON code private, and a library for one small file is not worth a dependency.
 */
final class StatusJson {
    private StatusJson() {
    }

    /** Writes an object, one field a line, so that a person can read the file. */
    static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder(256).append("{\n");
        int i = 0;
        for (Map.Entry<String, ?> e : object.entrySet()) {
            out.append("  ");
            quote(e.getKey(), out);
            out.append(": ");
            value(e.getValue(), out);
            out.append(++i < object.size() ? ",\n" : "\n");
        }
        return out.append("}\n").toString();
    }

    private static void value(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            quote(s, out);
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (i++ > 0) {
                    out.append(", ");
                }
                quote((String) e.getKey(), out);
                out.append(": ");
                quote((String) e.getValue(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("Cannot write " + v.getClass().getName());
        }
    }

    private static void quote(String s, StringBuilder out) {
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
     * @return the object's fields: String, Boolean, null, or Map of String to String
     * @throws IllegalArgumentException when the text is not such an object, saying where
     */
    static Map<String, Object> parse(String text) {
        Parser p = new Parser(text);
        p.space();
        Map<String, Object> result = p.object(true);
        p.space();
        if (p.pos != text.length()) {
            throw p.error("text after the object");
        }
        return result;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object(boolean nested) {
            expect('{');
            Map<String, Object> map = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                space();
                map.put(key, value(nested));
                space();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private Object value(boolean nestedAllowed) {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{' && nestedAllowed) {
                Map<String, Object> inner = object(false);
                for (Object v : inner.values()) {
                    if (!(v instanceof String)) {
                        throw error("an inner object must hold strings");
                    }
                }
                return inner;
            }
            for (String word : new String[] { "true", "false", "null" }) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            throw error("unexpected value");
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
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

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed JSON at character " + pos + ": " + what);
        }
    }
}
