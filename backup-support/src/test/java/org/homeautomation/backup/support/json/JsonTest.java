package org.homeautomation.backup.support.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "x");
        m.put("n", 3L);
        m.put("list", List.of("a", "b"));
        m.put("inner", inner);
        return m;
    }

    @Test
    void compactOutputHasNoLineBreaks() {
        assertEquals("{\"id\":\"x\",\"n\":3,\"list\":[\"a\",\"b\"],\"inner\":{\"b\":true}}", Json.write(sample()));
    }

    @Test
    void indentedOutputHasOneFieldALineAndBothParseBack() {
        String indented = Json.writeIndented(sample());
        assertEquals("{\n  \"id\": \"x\",\n  \"n\": 3,\n  \"list\": [\"a\", \"b\"],\n  \"inner\": {\n    \"b\": true\n  }\n}\n",
                indented);
        assertEquals(sample(), Json.parse(indented));
        assertEquals(sample(), Json.parse(Json.write(sample())));
    }

    @Test
    void nestingIsBoundedSoAHostileFileCannotOverflowTheStack() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(deepest, Json.write(Json.parse(deepest)));
        for (String open : new String[] { "[", "{\"a\":" }) {
            for (int depth : new int[] { Json.MAX_DEPTH + 1, 5_000, 100_000 }) {
                String text = open.repeat(depth);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
                assertTrue(e.getMessage().contains("nested deeper than " + Json.MAX_DEPTH), e.getMessage());
            }
        }
    }

    @Test
    void numbersOutsideALongAreRefusedNotWrapped() {
        assertEquals(Long.MAX_VALUE, Json.parse(Long.toString(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, Json.parse(Long.toString(Long.MIN_VALUE)));
        for (String bad : new String[] { "9223372036854775808", "-9223372036854775809", "9".repeat(100_000) }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad));
            assertTrue(e.getMessage().contains("outside the range of a long"), e.getMessage());
        }
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanOneValueSilentlyWinning() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"size\": 1, \"size\": 2}"));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
        assertEquals(Map.of("a", Map.of("a", 1L)), Json.parse("{\"a\": {\"a\": 1}}"));
    }

    @Test
    void onlyWhatJsonAllowsIsRead() {
        // Digits and spaces of other scripts, signs and leading zeros, bad escapes, truncation: each refused.
        for (String bad : new String[] { "\u0661", "[1,\u00a02]", "+1", "01", "-", "-x", "1.5", "1e3",
                "\"\\u+1ab\"", "\"\\u00\"", "\"\\u\uff10\uff10\uff10\uff10\"", "\"abc", "{\"a\":1",
                "[1,]", "{,}", "tru", "nul", "\"\u0001\"", "", "  ", "[] []" }) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
        assertEquals(List.of(-0L, 10L, "\u00e9\n"), Json.parse(" [ -0 ,\t10,\r\n\"\\u00E9\\n\"] "));
    }
}
