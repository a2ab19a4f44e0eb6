package org.homeautomation.backup.webconsole.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.api.UploadResult;

/**
 * What the page shows of one backup or restore while it runs and after it ended: its stage, the upload to each agent
 * and how it ended. Not thread-safe: the {@link ProgressTracker} that owns it guards it.
 */
final class Operation {
    /** What an operation does. */
    enum Kind {
        BACKUP, RESTORE
    }

    /** How an operation ended. */
    enum Outcome {
        SUCCEEDED, PARTIALLY_FAILED, FAILED
    }

    /** The upload of the backup to one agent. */
    private static final class Upload {
        long uploaded;
        long total = -1;
        Outcome outcome;
        String reason;
    }

    private final Kind kind;
    private final String backupId;
    private final Map<String, Upload> uploads = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> restoredContents = new ArrayList<>();
    private String name;
    private String stage;
    private String agentId;
    private Outcome outcome;
    private String failure;
    private boolean resultKnown;
    private boolean completionFollowed;

    Operation(Kind kind, String backupId, String name) {
        this.kind = kind;
        this.backupId = backupId;
        this.name = name;
    }

    Kind kind() {
        return kind;
    }

    String backupId() {
        return backupId;
    }

    boolean isFinished() {
        return outcome != null;
    }

    /** @return whether the manager's own result is in, with the reason of each failure */
    boolean isResultKnown() {
        return resultKnown;
    }

    /**
     * Marks the job's completion as followed, once.
     *
     * @return true the first time, false when it was already followed
     */
    boolean followCompletion() {
        if (completionFollowed) {
            return false;
        }
        completionFollowed = true;
        return true;
    }

    void name(String name) {
        if (name != null) {
            this.name = name;
        }
    }

    void stage(String stage) {
        this.stage = stage;
    }

    void agent(String agentId) {
        if (agentId != null) {
            this.agentId = agentId;
        }
    }

    /** @param agentIds agents the backup goes to, shown from the start, before their first progress */
    void expectUploads(Collection<String> agentIds) {
        agentIds.forEach(id -> uploads.computeIfAbsent(id, x -> new Upload()));
    }

    /**
     * @param agent the agent
     * @param uploaded bytes it stored so far
     * @param total the archive's size for it; 0 or less when unknown
     */
    void progress(String agent, long uploaded, long total) {
        Upload u = uploads.computeIfAbsent(agent, x -> new Upload());
        // Events are posted asynchronously and may arrive out of order: a count never goes back.
        u.uploaded = Math.max(u.uploaded, uploaded);
        if (total > 0) {
            u.total = total;
        }
    }

    /**
     * The end as a stage event tells it, without the reasons of failed uploads; the manager's result, when it
     * comes, replaces it.
     *
     * @param failed whether no agent holds the backup
     * @param reason why, when it failed
     * @param failedAgents the agents whose upload failed
     */
    void endedByEvent(boolean failed, String reason, Set<String> failedAgents) {
        if (resultKnown) {
            return;
        }
        uploads.forEach((agent, u) -> {
            if (failedAgents.contains(agent)) {
                u.outcome = Outcome.FAILED;
            } else if (!failed && u.outcome == null) {
                succeeded(u);
            } else if (u.outcome == null) {
                u.outcome = Outcome.FAILED;
            }
        });
        failedAgents.forEach(agent -> uploads.computeIfAbsent(agent, x -> new Upload()).outcome = Outcome.FAILED);
        if (failed) {
            outcome = Outcome.FAILED;
            failure = reason;
        } else {
            outcome = failedAgents.isEmpty() ? Outcome.SUCCEEDED : Outcome.PARTIALLY_FAILED;
        }
    }

    /** @param result the manager's result of this backup, with the reason of each failed upload */
    void ended(BackupResult result) {
        resultKnown = true;
        result.metadata().ifPresent(m -> name(m.name()));
        for (UploadResult upload : result.uploads().values()) {
            Upload u = uploads.computeIfAbsent(upload.agentId(), x -> new Upload());
            if (upload.isSuccess()) {
                succeeded(u);
                if (u.total <= 0) {
                    result.metadata().ifPresent(m -> u.total = m.size());
                    u.uploaded = Math.max(u.uploaded, u.total);
                }
            } else {
                u.outcome = Outcome.FAILED;
                u.reason = upload.failureReason().orElse(null);
            }
        }
        String archiveFailure = result.failureReason().orElse(null);
        uploads.forEach((agent, u) -> {
            if (u.outcome == null) {
                u.outcome = Outcome.FAILED;
                u.reason = archiveFailure != null ? "nothing was uploaded: the archive could not be made" : null;
            }
        });
        outcome = switch (result.status()) {
            case SUCCEEDED -> Outcome.SUCCEEDED;
            case PARTIALLY_FAILED -> Outcome.PARTIALLY_FAILED;
            case FAILED -> Outcome.FAILED;
        };
        failure = archiveFailure;
        if (failure == null && outcome == Outcome.FAILED) {
            failure = "No agent stored the backup.";
        }
        warnings.clear();
        warnings.addAll(result.warnings());
    }

    /** @param result what a successful restore did */
    void restored(RestoreResult result) {
        resultKnown = true;
        agent(result.agentId());
        restoredContents.clear();
        restoredContents.addAll(result.contents());
        warnings.clear();
        warnings.addAll(result.warnings());
        outcome = Outcome.SUCCEEDED;
        failure = null;
    }

    /** @param reason why the operation failed, for a person */
    void failed(String reason) {
        resultKnown = true;
        outcome = Outcome.FAILED;
        failure = reason;
    }

    /** A restore's end as its event tells it. */
    void restoreEndedByEvent(boolean failed, String reason) {
        if (resultKnown) {
            return;
        }
        outcome = failed ? Outcome.FAILED : Outcome.SUCCEEDED;
        failure = failed ? reason : null;
    }

    private static void succeeded(Upload u) {
        u.outcome = Outcome.SUCCEEDED;
        u.reason = null;
        if (u.total > 0) {
            u.uploaded = u.total;
        }
    }

    /** @return the operation as the page's JSON reads it */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        m.put("backupId", backupId);
        m.put("name", name);
        m.put("stage", stage);
        m.put("finished", isFinished());
        m.put("outcome", outcome == null ? null : outcome.name());
        m.put("failure", failure);
        m.put("warnings", new ArrayList<Object>(warnings));
        List<Object> agents = new ArrayList<>();
        uploads.forEach((agent, u) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", agent);
            a.put("uploaded", u.uploaded);
            a.put("total", u.total);
            a.put("outcome", u.outcome == null ? null : u.outcome.name());
            a.put("reason", u.reason);
            agents.add(a);
        });
        m.put("agents", agents);
        if (kind == Kind.RESTORE) {
            m.put("agent", agentId);
            m.put("contents", new ArrayList<Object>(restoredContents));
        }
        return m;
    }
}
