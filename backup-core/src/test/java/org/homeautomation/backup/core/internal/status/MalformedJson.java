package org.homeautomation.backup.core.internal.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Malformed variants of a valid JSON document, each made from a seed alone, so that a failing input can be made
 * again from the seed a test reports.
 */
final class MalformedJson {
    /** How an input was made. */
    enum Kind {
        RANDOM_BYTES, MUTATED, TRUNCATED, DEEP_NESTING, HUGE_NUMBER, DUPLICATE_KEY, WRONG_TYPE, INVALID_UTF8
    }

    /**
     * One input.
     *
     * @param kind how it was made
     * @param bytes the bytes
     */
    record Input(Kind kind, byte[] bytes) {
        String describe(long seed) {
            return kind + " input of " + bytes.length + " bytes from seed " + seed;
        }
    }

    private static final byte[] STRUCTURE = "{}[]\",:\\0-".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern MEMBER = Pattern.compile("\"([A-Za-z0-9]+)\"\\s*:\\s*");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");
    private static final String[] OTHER_VALUES = { "\"text\"", "12", "-1", "true", "false", "null", "[]", "{}",
            "[\"a\", 1]", "{\"x\": {}}", "\"2025-13-45T99:99:99Z\"", "\"\"" };
    private static final byte[][] BAD_UTF8 = { { (byte) 0xff }, { (byte) 0xc3, 0x28 }, { (byte) 0xc0, (byte) 0xaf },
            { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, { (byte) 0xe2, (byte) 0x82 }, { (byte) 0xf8, (byte) 0x88 } };

    private MalformedJson() {
    }

    /**
     * @param valid a valid document of the reader under test
     * @param seed the seed
     * @return a malformed (or, by chance, still valid) variant
     */
    static Input from(String valid, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        byte[] doc = valid.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = switch (kind) {
            case RANDOM_BYTES -> randomBytes(random);
            case MUTATED -> mutate(doc, random);
            case TRUNCATED -> java.util.Arrays.copyOf(doc, random.nextInt(doc.length));
            case DEEP_NESTING -> deepNesting(valid, random);
            case HUGE_NUMBER -> hugeNumber(valid, random);
            case DUPLICATE_KEY -> duplicateKey(valid, random);
            case WRONG_TYPE -> wrongType(valid, random);
            case INVALID_UTF8 -> insert(doc, random.nextInt(doc.length + 1), BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
        };
        return new Input(kind, bytes);
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(300)];
        if (random.nextBoolean()) {
            random.nextBytes(bytes);
        } else {
            // Mostly JSON's own characters: gets further into the parser than noise does.
            byte[] alphabet = "{}[]\":,0123456789-.eE tfnrulase\\u".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
        }
        return bytes;
    }

    private static byte[] mutate(byte[] doc, SplittableRandom random) {
        byte[] bytes = doc.clone();
        int changes = 1 + random.nextInt(8);
        for (int i = 0; i < changes && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(3)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = insert(bytes, at, new byte[] { STRUCTURE[random.nextInt(STRUCTURE.length)] });
                default -> bytes = remove(bytes, at);
            }
        }
        return bytes;
    }

    private static byte[] deepNesting(String valid, SplittableRandom random) {
        // From 10 to 100,000 levels, spread evenly over the orders of magnitude.
        int depth = (int) Math.pow(10, 1 + random.nextDouble() * 4);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        StringBuilder nested = new StringBuilder(open.repeat(depth)).append("1");
        if (random.nextBoolean()) {
            nested.append(close.repeat(depth));
        }
        if (random.nextBoolean()) {
            return nested.toString().getBytes(StandardCharsets.UTF_8);
        }
        // Inside a field of the valid document, where a reader looks for a value.
        return replaceValue(valid, random, nested.toString());
    }

    private static byte[] hugeNumber(String valid, SplittableRandom random) {
        String[] huge = { "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(random.nextInt(5000)),
                "2147483648", "-2147483649", "99999999999999999999999999", "1e400", "-0", "00", "1.0" };
        Matcher m = NUMBER.matcher(valid);
        String number = huge[random.nextInt(huge.length)];
        if (m.find() && random.nextBoolean()) {
            return (valid.substring(0, m.start()) + number + valid.substring(m.end())).getBytes(StandardCharsets.UTF_8);
        }
        return replaceValue(valid, random, number);
    }

    private static byte[] duplicateKey(String valid, SplittableRandom random) {
        Matcher m = anyMember(valid, random);
        if (m == null) {
            return valid.getBytes(StandardCharsets.UTF_8);
        }
        String member = "\"" + m.group(1) + "\": " + OTHER_VALUES[random.nextInt(OTHER_VALUES.length)] + ", ";
        return (valid.substring(0, m.start()) + member + valid.substring(m.start())).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wrongType(String valid, SplittableRandom random) {
        return replaceValue(valid, random, OTHER_VALUES[random.nextInt(OTHER_VALUES.length)]);
    }

    /** Puts {@code value} where one member's value starts, keeping the rest of the text after it. */
    private static byte[] replaceValue(String valid, SplittableRandom random, String value) {
        Matcher m = anyMember(valid, random);
        if (m == null) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        int end = endOfValue(valid, m.end());
        return (valid.substring(0, m.end()) + value + valid.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    /** @return a matcher at one member's {@code "key":}, picked at random; null when the text has none */
    private static Matcher anyMember(String text, SplittableRandom random) {
        Matcher m = MEMBER.matcher(text);
        int count = (int) m.results().count();
        if (count == 0) {
            return null;
        }
        m.reset();
        int pick = random.nextInt(count);
        for (int i = 0; i <= pick; i++) {
            m.find();
        }
        return m;
    }

    /** @return where the value starting at {@code start} ends: the next comma or closing bracket outside strings */
    private static int endOfValue(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && depth-- == 0 || c == ',' && depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.write(inserted, 0, inserted.length);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private static byte[] remove(byte[] bytes, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        out.write(bytes, 0, at);
        out.write(bytes, at + 1, bytes.length - at - 1);
        return out.toByteArray();
    }
}
