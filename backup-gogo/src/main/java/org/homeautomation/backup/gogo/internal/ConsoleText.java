package org.homeautomation.backup.gogo.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ParticipantInfo;
import org.homeautomation.backup.api.UploadResult;

/**
 * Turns the manager's answers into the text the console commands print. Kept free of I/O so that it can be tested
 * on its own.
 */
final class ConsoleText {
    /** Longer names are cut so that one long name does not push the other columns off the screen. */
    static final int MAX_NAME_WIDTH = 40;

    private static final String NONE = "-";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    /**
     * @param zone the time zone creation times are shown in
     */
    ConsoleText(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * @param listing the backups of every agent
     * @return a table of the backups, newest first as listed, then one line per agent that could not be listed
     */
    String backups(BackupListing listing) {
        StringBuilder out = new StringBuilder();
        if (listing.backups().isEmpty()) {
            out.append("No backups.\n");
        } else {
            TextTable table = new TextTable("ID", "NAME", "CREATED", "SIZE", "AGENTS", "FAILED");
            for (Backup backup : listing.backups()) {
                BackupMetadata m = backup.metadata();
                table.row(backup.id(), shorten(m.name()), LOCAL_TIME.format(m.createdAt().atZone(zone)),
                        ByteSizes.format(m.size()), joined(backup.agentIds()),
                        joined(backup.failedAgents().keySet()));
            }
            out.append(table.render());
        }
        appendAgentErrors(out, listing.agentErrors());
        return out.toString();
    }

    /**
     * @param agents the registered agents
     * @return a table of the agents, or a line saying there are none
     */
    String agents(List<AgentInfo> agents) {
        if (agents.isEmpty()) {
            return "No backup agents are registered: install an agent bundle or configure one.\n";
        }
        TextTable table = new TextTable("ID", "NAME", "BUNDLE");
        for (AgentInfo agent : agents) {
            table.row(agent.id(), agent.name(), agent.bundleSymbolicName());
        }
        return table.render();
    }

    /**
     * @param contents the content names a backup can include
     * @return one name a line, or a line saying how to get some
     */
    String contents(List<String> contents) {
        if (contents.isEmpty()) {
            return "Nothing to back up: configure 'sources' in org.homeautomation.backup, or install a bundle with a"
                    + " backup participant.\n";
        }
        StringBuilder out = new StringBuilder();
        contents.forEach(c -> out.append(c).append('\n'));
        return out.toString();
    }

    /**
     * @param participants the registered participants, in the order their pre-backup step runs
     * @return a table of them, whether each takes part and, when not, why; or a line saying there are none
     */
    String participants(List<ParticipantInfo> participants) {
        if (participants.isEmpty()) {
            return "No backup participants are registered: backups hold the configured sources only.\n";
        }
        TextTable table = new TextTable("ID", "BUNDLE", "RANKING", "TAKES PART", "PROBLEM");
        for (ParticipantInfo p : participants) {
            table.row(p.id(), p.bundleSymbolicName(), Integer.toString(p.ranking()), p.isActive() ? "yes" : "no",
                    p.problem().orElse(NONE));
        }
        return table.render();
    }

    /**
     * @param result how a backup ended
     * @return one line per agent (ok, or failed with the reason), then the warnings
     */
    String created(BackupResult result) {
        StringBuilder out = new StringBuilder();
        for (UploadResult upload : result.uploads().values()) {
            out.append("  ").append(upload.agentId()).append(": ")
                    .append(upload.failureReason().map(r -> "failed: " + r).orElse("ok")).append('\n');
        }
        for (String warning : result.warnings()) {
            out.append("  warning: ").append(warning).append('\n');
        }
        return out.toString();
    }

    /**
     * @param result how a backup ended
     * @return the closing line, with the id: created, created but failed on some agents (named), or failed and why
     */
    String summary(BackupResult result) {
        String failedOn = String.join(", ", result.failedUploads().stream().map(UploadResult::agentId).toList());
        return switch (result.status()) {
            case SUCCEEDED -> "Backup " + result.backupId() + " created" + sizeSuffix(result) + ".";
            case PARTIALLY_FAILED -> "Backup " + result.backupId() + " created" + sizeSuffix(result) + ", but "
                    + result.failedUploads().size() + " of " + result.uploads().size() + " agents failed: "
                    + failedOn + ".";
            case FAILED -> "Backup " + result.backupId() + " failed: "
                    + result.failureReason().orElse("no agent holds it; failed on " + failedOn + ".");
        };
    }

    private static String sizeSuffix(BackupResult result) {
        return result.metadata().map(m -> " (" + ByteSizes.format(m.size()) + ")").orElse("");
    }

    private static void appendAgentErrors(StringBuilder out, Map<String, String> errors) {
        errors.forEach((agent, reason) -> out.append("Agent ").append(agent).append(" could not be listed: ")
                .append(reason).append('\n'));
    }

    private static String joined(Collection<String> ids) {
        return ids.isEmpty() ? NONE : String.join(",", ids);
    }

    private static String shorten(String name) {
        return name.length() <= MAX_NAME_WIDTH ? name : name.substring(0, MAX_NAME_WIDTH - 3) + "...";
    }
}
