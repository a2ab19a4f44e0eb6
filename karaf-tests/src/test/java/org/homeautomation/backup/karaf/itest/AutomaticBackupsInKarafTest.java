package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homeautomation.backup.testsupport.Await;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Automatic backups as a person sets them up in Karaf: a {@code .cfg} file in {@code etc} and {@code backup:status}.
 * A scheduled backup is verified after it is made; a week day of {@code verifyDays} later finds its copy damaged at
 * rest on the local agent's drive and says so, without making a backup.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AutomaticBackupsInKarafTest extends KarafWithBackupFeature {
    private static final String CFG = "org.homeautomation.backup.automatic.cfg";
    /** From writing the file to the scheduled time: File Install's poll and the scheduler's reading of it. */
    private static final Duration LEAD = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = LEAD.plusSeconds(120);
    private static final Pattern LAST_AUTOMATIC = Pattern.compile("(?m)^Last automatic backup: .* \\((\\S+)\\)$");

    @After
    public void removeTheConfiguration() throws IOException {
        Files.deleteIfExists(Path.of(System.getProperty("karaf.etc"), CFG));
    }

    @Test
    public void aCfgInEtcMakesAVerifiedBackupAndAVerifyDayFindsItsCopyDamagedAtRest() throws IOException {
        ZonedDateTime due = ZonedDateTime.now().plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
        EtcFiles.write(CFG, "schedule = days\ndays = " + day(due) + "\ntime = " + time(due) + "\n"
                + "randomDelayMinutes = 0\nagents = local\nverifyAfterBackup = true\n");
        String made = Await.value("backup:status to show the automatic backup, verified", () -> console.run(
                "backup:status"), s -> LAST_AUTOMATIC.matcher(s).find() && s.contains("Verified copy"), TIMEOUT);
        String id = group(LAST_AUTOMATIC, made);
        assertTrue(made, made.contains("Last verification") && made.contains("(" + id + "): every copy whole"));
        assertTrue(made, made.contains("local: ok: size, SHA-256 digest and "));
        assertTrue(made, made.contains("Last failure:          none"));

        Path copy = Path.of(System.getProperty("karaf.data"), "backups", id + ".tar");
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x01);
        }
        ZonedDateTime check = ZonedDateTime.now().plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
        EtcFiles.write(CFG, "schedule = never\nverifyDays = " + day(check) + "\ntime = " + time(check) + "\n"
                + "randomDelayMinutes = 0\nagents = local\n");
        String found = Await.value("backup:status to show the damaged copy", () -> console.run("backup:status"),
                s -> s.contains("DAMAGED on local"), TIMEOUT);
        assertTrue(found, found.contains("Last failure:          The scheduled verification of the newest copy on"
                + " each agent found one that is damaged"));
        assertTrue("the failure names the backup and says what to do: " + found, found.contains(id)
                && found.contains("make a new backup"));
        assertTrue(found, found.contains("Failed agent:          local: its newest copy (backup " + id + ")"));
        assertEquals("no backup is made on a day of verifyDays only: " + found, id, group(LAST_AUTOMATIC, found));
        assertTrue(found, found.contains("Next automatic run:    " + check.plusWeeks(1).format(
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))));
    }

    private static String day(ZonedDateTime at) {
        return at.getDayOfWeek().name().substring(0, 3);
    }

    private static String time(ZonedDateTime at) {
        return at.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME);
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(pattern + " in " + text, m.find());
        return m.group(1);
    }
}
