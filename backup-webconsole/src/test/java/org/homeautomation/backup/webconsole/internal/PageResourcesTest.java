package org.homeautomation.backup.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PageResourcesTest {

    @Test
    void escapesTextForMarkup() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", PageResources.escape("<script>&\"'"));
        assertEquals("/system/console/backups", PageResources.escape("/system/console/backups"));
    }

    @Test
    void thePageHasItsPlaceholdersAndNothingTheConsoleWouldReplace() throws IOException {
        String page = resource("page.html");
        assertTrue(page.contains("data-token=\"{{token}}\""), "the token goes into an attribute");
        assertTrue(page.contains("{{pluginRoot}}/res/backups.js"), "the script comes from this bundle");
        // The console replaces ${...} in text/html answers with its own texts.
        assertFalse(page.contains("${"), "no ${ in the page");
        assertFalse(page.matches("(?s).*(https?:)?//[a-z].*"), "nothing is loaded from elsewhere");
    }

    @Test
    void theScriptAndStyleShipInsideTheBundle() throws IOException {
        String script = resource("backups.js");
        assertTrue(script.contains("X-Backup-Token"), "the script sends the token");
        assertFalse(script.contains("innerHTML"), "the script builds rows from text, never from markup");
        assertFalse(script.matches("(?s).*https?://.*"), "the script loads nothing from elsewhere");
        assertNotNull(resource("backups.css"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PageResources.class.getResourceAsStream("res/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
