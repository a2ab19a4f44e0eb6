package org.homeautomation.backup.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.http.HttpServletResponse;

/**
 * The page's markup, script and style, shipped inside this bundle: the page works without any network beyond the
 * console itself. The markup is the content part of the page; the console writes its header and menu around it.
 */
final class PageResources {
    private static final String FOLDER = "res/";
    private static final String PAGE = "page.html";
    /** What the browser may fetch, with its type. Anything else is not served. */
    private static final Map<String, String> SERVED = Map.of(
            "/res/backups.js", "text/javascript",
            "/res/backups.css", "text/css");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /**
     * Writes the page's content part. The console has already written its header with the response's writer, so the
     * same writer is used here.
     *
     * @param response the response the console started
     * @param pluginRoot the page's URL path, for its script, its JSON and its downloads
     * @param token the request token of the signed-in user, see {@link RequestGuard}
     */
    void page(HttpServletResponse response, String pluginRoot, String token) throws IOException {
        String html = new String(bytes(PAGE), StandardCharsets.UTF_8)
                .replace("{{pluginRoot}}", escape(pluginRoot))
                .replace("{{token}}", escape(token));
        response.getWriter().write(html);
    }

    /**
     * Sends the script or the style.
     *
     * @param path the path below the page's label, such as {@code /res/backups.js}
     * @param response the response to write
     * @return false when the path names nothing served
     */
    boolean send(String path, HttpServletResponse response) throws IOException {
        String type = SERVED.get(path);
        if (type == null) {
            return false;
        }
        byte[] content = bytes(path.substring(("/" + FOLDER).length()));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(content.length);
        // Checked again on each visit, so that an updated bundle's script is used at once.
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getOutputStream().write(content);
        return true;
    }

    private byte[] bytes(String name) {
        return cache.computeIfAbsent(name, n -> {
            try (InputStream in = PageResources.class.getResourceAsStream(FOLDER + n)) {
                if (in == null) {
                    throw new IllegalStateException("The bundle lacks its resource " + FOLDER + n
                            + "; it was built incompletely");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the bundle's resource " + FOLDER + n, e);
            }
        });
    }

    /** Escapes text for an HTML attribute or element. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
