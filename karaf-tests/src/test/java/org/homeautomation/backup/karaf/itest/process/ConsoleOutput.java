package org.homeautomation.backup.karaf.itest.process;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests read from the output of backup:* commands run in a {@link KarafProcess}. */
final class ConsoleOutput {
    static final Pattern BACKUP_ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{8}");

    private ConsoleOutput() {
    }

    /** @return the ids that {@code backup:list} shows */
    static Set<String> listed(KarafProcess karaf) throws IOException {
        String list = karaf.console("backup:list");
        Set<String> ids = new TreeSet<>();
        Matcher matcher = BACKUP_ID.matcher(list);
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return ids;
    }

    /** @return the id of the backup that {@code backup:create} says it created; fails the test when it did not */
    static String createdId(String output) {
        Matcher matcher = Pattern.compile("Backup (" + BACKUP_ID + ") created").matcher(output);
        assertTrue("backup:create failed: " + output, matcher.find());
        return matcher.group(1);
    }

    /** @return what the command printed, or why the console could not be reached (for polling with a deadline) */
    static String answer(KarafProcess karaf, String command) {
        try {
            return karaf.console(command);
        } catch (IOException e) {
            return "console not reached: " + e;
        }
    }
}
