package org.homeautomation.backup.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
