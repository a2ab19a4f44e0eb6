package org.homeautomation.backup.webconsole.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.homeautomation.backup.api.BackupBrowser;
import org.homeautomation.backup.api.BackupEntry;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BrowseOptions;
import org.homeautomation.backup.api.Identifiers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The browse view of the Backups page: POST {@code browse.json} lists one folder of one content of a backup (its
 * direct children), or the entries a glob chooses, at most {@value #MAX_ENTRIES} of them, so that an answer stays small
 * whatever the backup's size. A POST, because a protected backup is read with its password. Restoring a chosen file or
 * folder goes through {@code restore.json} with {@code path} fields.
 */
@Component(service = BrowseRequests.class)
public final class BrowseRequests {
    /** The most entries one answer holds; the page says when there are more. */
    static final int MAX_ENTRIES = 1000;

    private final BackupBrowser browser;

    /** @param browser reads the backups */
    @Activate
    public BrowseRequests(@Reference BackupBrowser browser) {
        this.browser = browser;
    }

    /**
     * Answers {@code browse.json}: fields {@code id}, {@code agent}, {@code content}, {@code folder} (a path inside
     * the content; empty for its top) or {@code glob} (over {@code content/path}), and {@code password}.
     */
    void list(HttpServletRequest request, HttpServletResponse response) throws IOException, BackupException {
        String id = Identifiers.requireValidBackupId(FormFields.text(request, "id"));
        String content = FormFields.text(request, "content");
        if (content == null) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST, "Choose a content of the backup to"
                    + " browse.");
            return;
        }
        String folder = trimSlashes(FormFields.text(request, "folder"));
        String glob = FormFields.text(request, "glob");
        List<String> globs = glob != null ? List.of(glob)
                : folder.isEmpty() ? List.of() : List.of(content + "/" + folder);
        char[] password = FormFields.password(request, "password");
        List<Map<String, Object>> entries = new ArrayList<>();
        boolean[] truncated = { false };
        try {
            BrowseOptions options = BrowseOptions.builder().agent(FormFields.text(request, "agent")).content(content)
                    .globs(globs).password(password).build();
            browser.list(id, options, e -> {
                if (glob == null && !parentOf(e.path()).equals(folder)) {
                    return true;
                }
                if (entries.size() == MAX_ENTRIES) {
                    truncated[0] = true;
                    return false;
                }
                entries.add(json(e));
                return true;
            });
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("backupId", id);
        answer.put("content", content);
        answer.put("folder", folder);
        answer.put("glob", glob);
        answer.put("entries", entries);
        answer.put("truncated", truncated[0]);
        JsonResponse.send(response, HttpServletResponse.SC_OK, answer);
    }

    private static Map<String, Object> json(BackupEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", e.fullPath());
        m.put("name", e.path().substring(e.path().lastIndexOf('/') + 1));
        m.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("size", e.size());
        m.put("mode", String.format("%04o", e.mode()));
        m.put("modified", e.modified().toString());
        m.put("link", e.linkTarget().orElse(null));
        return m;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String trimSlashes(String folder) {
        if (folder == null) {
            return "";
        }
        String f = folder;
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        while (f.endsWith("/")) {
            f = f.substring(0, f.length() - 1);
        }
        return f;
    }
}
