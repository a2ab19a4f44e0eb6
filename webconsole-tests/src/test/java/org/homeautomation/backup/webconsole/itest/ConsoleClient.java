package org.homeautomation.backup.webconsole.itest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plain HTTP requests to the Web Console, as a script or another site would send them: no browser, no page.
 */
final class ConsoleClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String root;

    /** @param port the port of Karaf's HTTP service */
    ConsoleClient(int port) {
        this.root = "http://127.0.0.1:" + port + "/system/console/backups";
    }

    /** An answer: its status and body. */
    record Answer(int status, String body) {
    }

    /**
     * @param path below the page, such as {@code /overview.json}
     * @param user the user, or null for none
     * @param password the user's password
     * @return the answer
     */
    Answer get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                .GET();
        authenticate(request, user, password);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * @param path below the page, such as {@code /delete.json}
     * @param user the user, or null for none
     * @param password the user's password
     * @param headers extra headers (the token, an Origin)
     * @param fields the form fields
     * @return the answer
     */
    Answer post(String path, String user, String password, Map<String, String> headers, Map<String, String> fields)
            throws IOException, InterruptedException {
        String form = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        new LinkedHashMap<>(headers).forEach(request::header);
        authenticate(request, user, password);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private static void authenticate(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            String credentials = Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + credentials);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
