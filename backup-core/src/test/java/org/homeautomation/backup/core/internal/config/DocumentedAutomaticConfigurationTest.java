package org.homeautomation.backup.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homeautomation.backup.core.internal.schedule.Schedule;
import org.junit.jupiter.api.Test;

/**
 * The automatic backup examples of the README ("Verification after each automatic backup", "Scheduled verification
 * of the newest copies"), as written there, are valid configurations that do what the text says.
 */
class DocumentedAutomaticConfigurationTest {
    private static final Path README = Path.of("..", "README.md");
    /** The indented block after the sentence that names the file. */
    private static final Pattern EXAMPLE = Pattern.compile(
            "`etc/org\\.homeautomation\\.backup\\.automatic\\.cfg`:\\n\\n((?: {4}\\S.*\\n)+)");

    @Test
    void theVerifyAfterBackupExampleIsValidAndTurnsVerificationOn() throws IOException {
        AutomaticSettings settings = AutomaticSettings.from(example("verifyAfterBackup"));

        assertTrue(settings.verifyAfterBackup());
        assertEquals(Schedule.Kind.DAILY, settings.schedule().kind());
        assertEquals(java.time.LocalTime.of(3, 30), settings.schedule().time());
        assertFalse(AutomaticSettings.from(Map.of()).verifyAfterBackup(), "off by default");
    }

    @Test
    void theVerifyDaysExampleVerifiesWeeklyWithoutBackingUp() throws IOException {
        AutomaticSettings settings = AutomaticSettings.from(example("verifyDays"));

        assertFalse(settings.schedule().isActive(), "no automatic backups");
        assertEquals(java.util.Set.of(java.time.DayOfWeek.SUNDAY), settings.runSchedule().days());
        assertEquals(java.time.LocalTime.of(5, 0), settings.runSchedule().time());
        assertTrue(settings.verifiesNewestOn(java.time.DayOfWeek.SUNDAY));
        assertEquals(java.util.Set.of("nas", "s3"), settings.agents());
    }

    /** @return the raw properties of the README's example for this pid that sets the key */
    private static Map<String, Object> example(String key) throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(README));
        while (m.find()) {
            Properties p = new Properties();
            p.load(new StringReader(m.group(1)));
            if (p.containsKey(key)) {
                Map<String, Object> raw = new HashMap<>();
                p.forEach((k, v) -> raw.put((String) k, v));
                return raw;
            }
        }
        throw new AssertionError("no example for " + AutomaticBackupConfiguration.PID + " with " + key + " in "
                + README.toAbsolutePath());
    }
}
