package org.homeautomation.backup.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.RestoreOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Backups" page of the Apache Felix Web Console, and the JSON and download endpoints its script uses, all under
 * the console's path ({@code /system/console/backups/...}) and so behind the console's own authentication (in Karaf:
 * users with the {@code admin} role).
 *
 * <p>The console renders its header and menu around the page for a GET without an extension and hands every other
 * request to this servlet as it is; so every endpoint but the page has an extension:
 * <ul>
 * <li>GET {@code overview.json}: manager state, automatic backups, agents, contents, backups, latest operation;</li>
 * <li>GET {@code progress.json}: manager state and the latest backup or restore, polled once a second while shown;</li>
 * <li>GET {@code download/<id>.tar?agent=<id>}: a stored archive, streamed;</li>
 * <li>POST {@code create.json}, {@code delete.json} (from the agents that hold the backup, or those given),
 * {@code restore.json}, {@code verify.json} (every copy of a backup, see {@link VerifyEndpoint}), and
 * {@code download/<id>.tar} with a
 * password for an unprotected copy. Each POST must carry the page's token ({@link RequestGuard}).</li>
 * <li>POST {@code browse.json}: one folder of a backup, or what a glob chooses ({@link BrowseRequests});
 * {@code restore.json} with {@code path} fields restores only those paths;</li>
 * <li>GET {@code res/backups.js} and {@code res/backups.css}: the page's script and style, from this bundle.</li>
 * </ul>
 * Passwords arrive only in POST bodies, are handed to the manager and wiped; they are never logged or sent back.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + BackupsPlugin.LABEL,
        "felix.webconsole.title=Backups",
        "felix.webconsole.category=Main",
        "felix.webconsole.css=/" + BackupsPlugin.LABEL + "/res/backups.css" })
public final class BackupsPlugin extends HttpServlet {
    /** The page's label: its path below the console's root. */
    static final String LABEL = "backups";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BackupsPlugin.class);
    private static final String DOWNLOAD_PREFIX = "/download/";
    private static final String ARCHIVE_SUFFIX = ".tar";
    private static final int BUFFER_SIZE = 64 * 1024;

    private final transient BackupManager manager;
    private final transient ProgressTracker tracker;
    private final transient RequestGuard guard = new RequestGuard();
    private final transient PageResources resources = new PageResources();
    private final transient RestoreRunner restores;
    /** The core bundle's scheduler; absent only while it (re)starts, when nothing is known of automatic backups. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AutomaticBackups automatic;
    /** The core bundle's verifier; absent only while it (re)starts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile BackupVerifier verifier;

    /** The browse view's requests; absent only while the core bundle (re)starts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile BrowseRequests browse;

    /**
     * @param manager the backup manager the page shows and drives
     * @param tracker the progress of the latest backup or restore
     */
    @Activate
    public BackupsPlugin(@Reference BackupManager manager, @Reference ProgressTracker tracker) {
        this.manager = manager;
        this.tracker = tracker;
        this.restores = new RestoreRunner(manager, tracker);
    }

    /** Takes no more restores; one running ends on its own. */
    @Deactivate
    void stop() {
        restores.close();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = subPath(request);
        try {
            switch (path) {
                case "", "/" -> resources.page(response, pluginRoot(request), guard.token(request));
                case "/overview.json" -> overview(response);
                case "/progress.json" -> progress(response);
                default -> {
                    if (path.startsWith(DOWNLOAD_PREFIX) && path.endsWith(ARCHIVE_SUFFIX)) {
                        download(request, response, archiveId(path), null);
                    } else if (!resources.send(path, response)) {
                        response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    }
                }
            }
        } catch (BackupException e) {
            JsonResponse.error(response, e);
        } catch (IllegalArgumentException e) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getCharacterEncoding() == null) {
            // The page sends UTF-8; a plain form post may not say so, and a password must arrive as it was typed.
            request.setCharacterEncoding("UTF-8");
        }
        Optional<String> refusal = guard.refusal(request);
        if (refusal.isPresent()) {
            LOG.warn("Refused a {} to the Backups page from user '{}': {}", subPath(request),
                    RequestGuard.user(request), refusal.get());
            JsonResponse.error(response, HttpServletResponse.SC_FORBIDDEN, refusal.get());
            return;
        }
        String path = subPath(request);
        try {
            switch (path) {
                case "/create.json" -> create(request, response);
                case "/delete.json" -> delete(request, response);
                case "/restore.json" -> restore(request, response);
                case "/verify.json" -> VerifyEndpoint.verify(verifier, request, response);
                case "/browse.json" -> browse(request, response);
                default -> {
                    if (path.startsWith(DOWNLOAD_PREFIX) && path.endsWith(ARCHIVE_SUFFIX)) {
                        char[] password = FormFields.password(request, "password");
                        try {
                            download(request, response, archiveId(path), password);
                        } finally {
                            wipe(password);
                        }
                    } else {
                        JsonResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "No such action: " + path);
                    }
                }
            }
        } catch (BackupException e) {
            JsonResponse.error(response, e);
        } catch (IllegalArgumentException e) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    private void overview(HttpServletResponse response) throws IOException {
        BackupListing listing = manager.list();
        AutomaticBackups scheduler = automatic;
        AutomaticBackupStatus status = scheduler == null ? AutomaticBackupStatus.empty() : scheduler.status();
        Map<String, Object> overview = OverviewJson.overview(manager.state(), status,
                manager.agents(), manager.participants(), manager.contents(), listing);
        overview.put("operation", tracker.latest().orElse(null));
        JsonResponse.send(response, HttpServletResponse.SC_OK, overview);
    }

    private void progress(HttpServletResponse response) throws IOException {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("state", manager.state().name());
        progress.put("operation", tracker.latest().orElse(null));
        JsonResponse.send(response, HttpServletResponse.SC_OK, progress);
    }

    private void create(HttpServletRequest request, HttpServletResponse response)
            throws IOException, BackupException {
        String name = FormFields.text(request, "name");
        List<String> agents = FormFields.list(request, "agent");
        List<String> contents = FormFields.list(request, "content");
        if (name == null) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST, "Give the backup a name.");
            return;
        }
        if (agents.isEmpty()) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST,
                    "Choose at least one agent to store the backup on.");
            return;
        }
        if (contents.isEmpty()) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST,
                    "Choose at least one content to back up.");
            return;
        }
        char[] password = FormFields.password(request, "password");
        char[] repeated = FormFields.password(request, "passwordRepeat");
        try {
            if (password != null && !Arrays.equals(password, repeated)) {
                JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST,
                        "The two passwords differ. Type the same password in both fields.");
                return;
            }
            BackupRequest backup = BackupRequest.builder(name).agents(agents).contents(contents).password(password)
                    .build();
            BackupJob job = manager.create(backup);
            tracker.follow(job, agents);
            LOG.info("Backup {} ('{}') started on the Web Console by '{}': agents {}, contents {}{}", job.backupId(),
                    name, RequestGuard.user(request), agents, contents, password == null ? "" : ", protected");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("backupId", job.backupId());
            answer.put("name", job.name());
            JsonResponse.send(response, HttpServletResponse.SC_ACCEPTED, answer);
        } finally {
            wipe(password);
            wipe(repeated);
        }
    }

    private void delete(HttpServletRequest request, HttpServletResponse response)
            throws IOException, BackupException {
        String id = requiredBackupId(request);
        // From the agents that hold it, as listed: asking every agent would also ask one that is unavailable now and
        // fail the delete for it, although it holds no copy.
        Set<String> agents = new TreeSet<>(FormFields.list(request, "agent"));
        if (agents.isEmpty()) {
            agents.addAll(manager.get(id).agentIds());
        }
        manager.delete(id, agents);
        LOG.info("Backup {} deleted from {} on the Web Console by '{}'", id, agents.isEmpty() ? "every agent" : agents,
                RequestGuard.user(request));
        JsonResponse.send(response, HttpServletResponse.SC_OK, Map.of("deleted", id));
    }

    private void restore(HttpServletRequest request, HttpServletResponse response)
            throws IOException, BackupException {
        String id = requiredBackupId(request);
        String agent = FormFields.text(request, "agent");
        List<String> contents = FormFields.list(request, "content");
        List<String> paths = FormFields.list(request, "path");
        if (contents.isEmpty() && paths.isEmpty()) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST,
                    "Choose at least one content to restore.");
            return;
        }
        ManagerState state = manager.state();
        if (state != ManagerState.IDLE) {
            JsonResponse.error(response, HttpServletResponse.SC_CONFLICT, "The manager is busy ("
                    + state.name().toLowerCase(java.util.Locale.ROOT) + "); wait until it is idle and try again.");
            return;
        }
        // Also tells at once, rather than through the progress, when the backup is gone.
        String name = manager.get(id).metadata().name();
        char[] password = FormFields.password(request, "password");
        try {
            RestoreOptions options = RestoreOptions.builder().agent(agent).contents(contents).paths(paths)
                    .password(password).build();
            LOG.info("Restore of backup {} ('{}') asked on the Web Console by '{}': {}", id, name,
                    RequestGuard.user(request), options);
            restores.start(id, name, options, RequestGuard.user(request));
        } finally {
            wipe(password);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("backupId", id);
        answer.put("name", name);
        JsonResponse.send(response, HttpServletResponse.SC_ACCEPTED, answer);
    }

    private void browse(HttpServletRequest request, HttpServletResponse response)
            throws IOException, BackupException {
        BrowseRequests b = browse;
        if (b == null) {
            JsonResponse.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Backups cannot be browsed now:"
                    + " the backup core bundle is starting or stopped. Try again in a moment.");
            return;
        }
        b.list(request, response);
    }

    /**
     * Streams an archive to the browser as a file. No Content-Length is sent: the manager's stream checks the
     * archive's digest only at its end, and a failure there must reach the browser as a broken download (the
     * server then cuts the chunked response off) rather than as a complete file of the announced length.
     */
    private void download(HttpServletRequest request, HttpServletResponse response, String id, char[] password)
            throws IOException, BackupException {
        if (id == null) {
            JsonResponse.error(response, HttpServletResponse.SC_BAD_REQUEST, "The download address names no valid"
                    + " backup id; use the Download button of the list.");
            return;
        }
        String agent = FormFields.text(request, "agent");
        InputStream archive = password == null ? manager.download(id, agent) : manager.download(id, agent, password);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/x-tar");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + id + ARCHIVE_SUFFIX + "\"");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        long sent = 0;
        try (InputStream in = archive) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    LOG.warn("Download of backup {} stopped after {} bytes: {}", id, sent, e.getMessage());
                    throw e;
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                sent += n;
            }
            out.flush();
        }
        LOG.info("Backup {} downloaded{} on the Web Console by '{}' ({} bytes{})", id,
                agent == null ? "" : " from agent " + agent, RequestGuard.user(request), sent,
                password == null ? "" : ", unprotected copy");
    }

    private static String requiredBackupId(HttpServletRequest request) {
        String id = FormFields.text(request, "id");
        return Identifiers.requireValidBackupId(id);
    }

    /** @return the backup id in {@code /download/<id>.tar}, or null when it is not a valid id */
    private static String archiveId(String path) {
        String id = path.substring(DOWNLOAD_PREFIX.length(), path.length() - ARCHIVE_SUFFIX.length());
        return Identifiers.isValidBackupId(id) ? id : null;
    }

    /** @return the path below the page's label: "" for the page, "/overview.json" and so on */
    static String subPath(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null) {
            return "";
        }
        String prefix = "/" + LABEL;
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    /** @return the page's own URL path, as the console tells it */
    private static String pluginRoot(HttpServletRequest request) {
        if (request.getAttribute("felix.webconsole.pluginRoot") instanceof String root) {
            return root;
        }
        return request.getContextPath() + request.getServletPath() + "/" + LABEL;
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
