package org.homeautomation.backup.webconsole.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.VerificationProblem;
import org.homeautomation.backup.api.VerificationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST {@code verify.json} of the Backups page: verifies every copy of one backup (the Verify button) and answers
 * with a result per copy. The request waits while the copies are read back, as long as downloading them takes. A
 * password, when the page sends one, opens protected copies; without it they are checked without it and each result
 * says so.
 */
final class VerifyEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyEndpoint.class);

    private VerifyEndpoint() {
    }

    /**
     * @param verifier the core bundle's verifier, or null while it (re)starts
     * @param request the POST, with the field {@code id} and optionally {@code password}
     * @param response answered with {@code {"backupId": ..., "results": [...]}} or an error
     * @throws BackupException when the backup is not found or the password is wrong
     */
    static void verify(BackupVerifier verifier, HttpServletRequest request, HttpServletResponse response)
            throws IOException, BackupException {
        String id = Identifiers.requireValidBackupId(FormFields.text(request, "id"));
        if (verifier == null) {
            JsonResponse.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The backup core's verifier is"
                    + " not running; check that the bundle org.homeautomation.backup.core is active and try again.");
            return;
        }
        char[] password = FormFields.password(request, "password");
        List<VerificationResult> results;
        try {
            results = verifier.verifyAll(id, password);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
        LOG.info("Backup {} verified on the Web Console by '{}': {}", id, RequestGuard.user(request),
                results.stream().map(r -> r.agentId() + (r.ok() ? " ok" : " DAMAGED")).toList());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("backupId", id);
        answer.put("results", results.stream().map(VerifyEndpoint::json).toList());
        JsonResponse.send(response, HttpServletResponse.SC_OK, answer);
    }

    private static Map<String, Object> json(VerificationResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", r.agentId());
        m.put("ok", r.ok());
        m.put("contentsChecked", r.contentsChecked());
        m.put("summary", r.summary());
        List<Object> problems = new ArrayList<>();
        for (VerificationProblem p : r.problems()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("kind", p.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            problem.put("text", p.describe());
            problems.add(problem);
        }
        m.put("problems", problems);
        return m;
    }
}
