package org.homeautomation.backup.karaf.commands.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest progress of one backup, fed by events on Event Admin's threads and read by the command's own thread,
 * which alone prints: Karaf binds System.out to the session only on the session's thread.
 */
final class ProgressBoard {
    private final Map<String, long[]> uploads = new LinkedHashMap<>();
    private final Map<String, long[]> shown = new LinkedHashMap<>();
    private final List<String> stages = new ArrayList<>();

    /**
     * @param agentId the agent being uploaded to
     * @param uploaded bytes it stored so far
     * @param total the archive's size, 0 or less when unknown
     */
    synchronized void upload(String agentId, long uploaded, long total) {
        long[] known = uploads.get(agentId);
        // Events are posted asynchronously and may arrive out of order; a count never goes back.
        if (known == null || uploaded >= known[0]) {
            uploads.put(agentId, new long[] { uploaded, total });
        }
    }

    /**
     * @param description what the backup does now, for a person
     */
    synchronized void stage(String description) {
        stages.add(description);
    }

    /**
     * @return the lines to print now: stages entered and agents whose count changed since the last call
     */
    synchronized List<String> takeUpdates() {
        List<String> lines = new ArrayList<>();
        stages.forEach(s -> lines.add("  " + s));
        stages.clear();
        uploads.forEach((agent, now) -> {
            long[] before = shown.get(agent);
            if (before == null || before[0] != now[0]) {
                lines.add("  " + agent + ": " + ConsoleText.progress(now[0], now[1]));
                shown.put(agent, now);
            }
        });
        return lines;
    }
}
