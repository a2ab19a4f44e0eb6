package org.homeautomation.backup.webconsole.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.UnknownAgentException;
import org.homeautomation.backup.support.json.Json;

/**
 * Writes the page's JSON answers: a value, or {@code {"error": "..."}} with a status that says what kind of failure it
 * was. Error texts are the platform's own messages, which never hold a password.
 */
final class JsonResponse {
    private JsonResponse() {
    }

    /**
     * @param response the response to write
     * @param status the HTTP status
     * @param value a value the shared JSON writer takes (maps, lists, strings, numbers, booleans)
     */
    static void send(HttpServletResponse response, int status, Object value) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // Answers change with every backup: never cached, and never sniffed into something else.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        Writer out = response.getWriter();
        out.write(Json.write(value));
        out.flush();
    }

    /**
     * @param response the response to write
     * @param status the HTTP status
     * @param message what failed and what to do, for the person at the page
     */
    static void error(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, Map.of("error", message));
    }

    /**
     * @param response the response to write
     * @param e what the manager threw; its message is shown as it is
     */
    static void error(HttpServletResponse response, BackupException e) throws IOException {
        error(response, status(e), e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    /** @return the HTTP status that tells the kind of failure */
    static int status(BackupException e) {
        if (e instanceof BackupBusyException) {
            return HttpServletResponse.SC_CONFLICT;
        }
        if (e instanceof BackupNotFoundException || e instanceof UnknownAgentException) {
            return HttpServletResponse.SC_NOT_FOUND;
        }
        if (e instanceof IncorrectPasswordException) {
            return HttpServletResponse.SC_BAD_REQUEST;
        }
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
