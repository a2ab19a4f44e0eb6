package org.homeautomation.backup.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestGuardTest {
    private final RequestGuard guard = new RequestGuard();

    @Test
    void aUsersTokenIsStableAndOnlyThatUsersToken() {
        String token = guard.token("karaf");
        assertEquals(token, guard.token("karaf"), "the same page token on every page load");
        assertTrue(guard.isValid("karaf", token));
        assertNotEquals(token, guard.token("admin"));
        assertFalse(guard.isValid("admin", token), "another user's token is refused");
    }

    @Test
    void refusesMissingAlteredAndForeignTokens() {
        String token = guard.token("karaf");
        assertFalse(guard.isValid("karaf", null));
        assertFalse(guard.isValid("karaf", ""));
        assertFalse(guard.isValid("karaf", token.substring(1)));
        assertFalse(guard.isValid("karaf", token + "x"));
        assertFalse(guard.isValid("karaf", new RequestGuard().token("karaf")),
                "a token made under another key (before a restart) is refused");
    }

    @Test
    void theTokenRevealsNothingOfTheUserOrTheKey() {
        String token = guard.token("karaf");
        assertFalse(token.contains("karaf"));
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "an URL-safe HMAC-SHA256: " + token);
    }

    @Test
    void anOriginMustNameThisServer() {
        assertTrue(RequestGuard.sameAuthority("http://127.0.0.1:8181", "127.0.0.1:8181"));
        assertTrue(RequestGuard.sameAuthority("http://Console.example", "console.example:80"),
                "the scheme's default port and any case are the same server");
        assertTrue(RequestGuard.sameAuthority("https://console.example", "console.example"));
        assertTrue(RequestGuard.sameAuthority("http://[::1]:8181", "[::1]:8181"));

        assertFalse(RequestGuard.sameAuthority("http://attacker.example", "127.0.0.1:8181"));
        assertFalse(RequestGuard.sameAuthority("http://127.0.0.1:8182", "127.0.0.1:8181"));
        assertFalse(RequestGuard.sameAuthority("http://127.0.0.1", "127.0.0.1:8181"));
        assertFalse(RequestGuard.sameAuthority("null", "127.0.0.1:8181"), "an opaque origin is another site");
        assertFalse(RequestGuard.sameAuthority("http://127.0.0.1:8181", null));
        assertFalse(RequestGuard.sameAuthority("not a url at all", "127.0.0.1:8181"));
    }
}
