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
 * The automatic backup example of the README ("Verification after each automatic backup"), as written there, is a
 * valid configuration that turns the verification on: a reader who copies it gets what the text says.
 */
class DocumentedAutomaticConfigurationTest {
    private static final Path README = Path.of("..", "README.md");
    /** The indented block after the sentence that names the file. */
    private static final Pattern EXAMPLE = Pattern.compile(
            "`etc/org\\.homeautomation\\.backup\\.automatic\\.cfg`:\\n\\n((?: {4}\\S.*\\n)+)");

    @Test
    void theVerifyAfterBackupExampleIsValidAndTurnsVerificationOn() throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(README));
        assertTrue(m.find(), "no example for " + AutomaticBackupConfiguration.PID + " in " + README.toAbsolutePath());
        Properties p = new Properties();
        p.load(new StringReader(m.group(1)));
        Map<String, Object> raw = new HashMap<>();
        p.forEach((k, v) -> raw.put((String) k, v));

        AutomaticSettings settings = AutomaticSettings.from(raw);

        assertTrue(settings.verifyAfterBackup());
        assertEquals(Schedule.Kind.DAILY, settings.schedule().kind());
        assertEquals(java.time.LocalTime.of(3, 30), settings.schedule().time());
        assertFalse(AutomaticSettings.from(Map.of()).verifyAfterBackup(), "off by default");
    }
}
