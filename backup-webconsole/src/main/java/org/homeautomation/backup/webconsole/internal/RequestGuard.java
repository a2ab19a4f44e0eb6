package org.homeautomation.backup.webconsole.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.http.HttpServletRequest;

/**
 * Refuses state-changing requests that do not come from the Backups page itself (cross-site request forgery).
 *
 * <p>The page carries a token that only a page of the same origin can read: an HMAC of the signed-in user's name
 * under a key made when the page's component starts. It needs no session, differs per user and changes when the
 * bundle restarts (the page then asks to be reloaded). A state-changing request must send it back, in the
 * {@value #HEADER} header or the {@value #FIELD} form field. In addition, what a browser says about where a request
 * comes from must name this server: the {@code Origin} header (compared with {@code Host}, or with
 * {@code X-Forwarded-Host} behind a reverse proxy that rewrites it) and {@code Sec-Fetch-Site}, when present.
 */
final class RequestGuard {
    /** The header the page's script sends the token in. */
    static final String HEADER = "X-Backup-Token";
    /** The form field a plain form sends the token in (downloads with a password). */
    static final String FIELD = "token";

    private static final String MAC = "HmacSHA256";
    /** The attribute the OSGi HTTP service and the Web Console set to the authenticated user's name. */
    private static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";

    private final SecretKeySpec key;

    /** A guard with a new random key. */
    RequestGuard() {
        this(new SecureRandom());
    }

    RequestGuard(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, MAC);
    }

    /**
     * @param user the signed-in user's name; empty when the console does not say
     * @return the token the page of that user carries
     */
    String token(String user) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            byte[] digest = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this Java runtime", e);
        }
    }

    /** @return the token for the user of this request */
    String token(HttpServletRequest request) {
        return token(user(request));
    }

    /**
     * @param user the signed-in user's name
     * @param presented the token the request sent, may be null
     * @return whether it is that user's token
     */
    boolean isValid(String user, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(user).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks a state-changing request.
     *
     * @param request the request
     * @return why it is refused, for the person at the page, or empty when it may proceed
     */
    Optional<String> refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !"same-origin".equals(site)) {
            return Optional.of("The request was refused: the browser says it came from another site (" + site
                    + "). Use the Backups page of this console.");
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameAuthority(origin, host(request))
                && !sameAuthority(origin, forwardedHost(request))) {
            return Optional.of("The request was refused: it came from " + origin
                    + ", not from this console. Use the Backups page of this console.");
        }
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            presented = request.getParameter(FIELD);
        }
        if (!isValid(user(request), presented)) {
            return Optional.of("The request was refused: it did not carry this page's security token, or the"
                    + " token is out of date (the console was restarted). Reload the page and try again.");
        }
        return Optional.empty();
    }

    /**
     * @param origin an {@code Origin} header's value
     * @param host the host (and port) this server was reached at
     * @return whether the origin names that host and port
     */
    static boolean sameAuthority(String origin, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            String authority = uri.getRawAuthority();
            if (authority == null || uri.getScheme() == null) {
                return false;
            }
            return withPort(authority, uri.getScheme()).equals(withPort(host, uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The authority in lower case with the scheme's default port made explicit, so that :80 and none compare equal. */
    private static String withPort(String authority, String scheme) {
        String a = authority.toLowerCase(Locale.ROOT);
        int bracket = a.lastIndexOf(']');
        boolean hasPort = a.lastIndexOf(':') > bracket;
        if (hasPort) {
            return a;
        }
        return a + ":" + ("https".equalsIgnoreCase(scheme) ? "443" : "80");
    }

    /** The host a reverse proxy was reached at, which it may name when it rewrites Host; null when none says. */
    private static String forwardedHost(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-Host");
        if (forwarded == null) {
            return null;
        }
        int comma = forwarded.indexOf(',');
        return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
    }

    private static String host(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return host != null ? host : request.getServerName() + ":" + request.getServerPort();
    }

    /** @return the signed-in user's name as the console reports it, or empty */
    static String user(HttpServletRequest request) {
        String user = request.getRemoteUser();
        if (user == null && request.getAttribute(REMOTE_USER) instanceof String attribute) {
            user = attribute;
        }
        return user == null ? "" : user;
    }
}
