package org.homeautomation.backup.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.RetentionDecision;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;

/**
 * An automatic backup on a schedule a few seconds away, to two agents of which one fails: the failure is logged,
 * published and kept in the status, retention runs on the agent that stored the backup and spares what is not its
 * own, and the status survives a restart of the core bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AutomaticBackupTest {
    private static final String AUTOMATIC_PID = "org.homeautomation.backup.automatic";
    private static final String GOOD = "good";
    private static final String BAD = "bad";
    /** How long from configuring to the scheduled time: enough for the component to take the configuration. */
    private static final Duration LEAD = Duration.ofSeconds(10);

    @Rule
    public final Osgi osgi = new Osgi(AutomaticBackupTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(AutomaticBackupTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(AutomaticBackupTest.class);
    }

    @Test
    public void aScheduledBackupReportsItsFailedAgentRunsRetentionAndKeepsItsStatus() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        TestAgent good = TestAgent.storing(GOOD, folder.newFolder(GOOD).toPath());
        osgi.register(BackupAgent.class, good);
        osgi.register(BackupAgent.class, TestAgent.failingWith(BAD, folder.newFolder(BAD).toPath(),
                new BackupAgentException("Test agent bad: the share is offline; mount it")));
        Await.value("the manager to track the test agents", backups::agentIds,
                ids -> ids.containsAll(List.of(GOOD, BAD)));
        String installation = installationId();

        // What the agent holds before: by hand, an older automatic one of ours, and one of another installation.
        String byHand = backups.run(BackupRequest.builder("By hand").agents(GOOD).build()).backupId();
        String earlier = backups.run(automatic("Earlier automatic", installation)).backupId();
        String foreign = backups.run(automatic("Other installation", UUID.randomUUID().toString())).backupId();

        EventRecorder events = EventRecorder.register(osgi);
        ZonedDateTime due = ZonedDateTime.now(ZoneId.systemDefault()).plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> config = runningAt(due, GOOD, BAD);
        config.put("keepLast", 1);
        config.put("protect", true);
        config.put("password", "automatic secret");
        osgi.configure(AUTOMATIC_PID, config);
        Await.value("the next run to be scheduled at " + due, () -> automatic().status(),
                s -> s.nextRun().equals(Optional.of(due.toInstant())));
        // The configuration holds the password: it must not become a property of the service, which consoles print.
        ServiceReference<AutomaticBackups> reference = osgi.context().getServiceReference(AutomaticBackups.class);
        for (String key : reference.getPropertyKeys()) {
            Object value = reference.getProperty(key);
            String shown = value instanceof Object[] array ? java.util.Arrays.toString(array) : String.valueOf(value);
            assertFalse("service property " + key + " shows the password", shown.contains("automatic secret"));
        }

        Event failed = Await.value("an AUTOMATIC_FAILED event", () -> events.events(
                BackupEvents.TOPIC_AUTOMATIC_FAILED).stream().findFirst().orElse(null), e -> e != null,
                LEAD.plus(Backups.BACKUP_TIMEOUT));
        String backupId = (String) failed.getProperty(BackupEvents.BACKUP_ID);
        assertArrayEquals(new String[] { BAD }, (String[]) failed.getProperty(BackupEvents.FAILED_AGENTS));
        String reason = (String) failed.getProperty(BackupEvents.REASON);
        assertTrue("the event must name the agent and its own message: " + reason,
                reason.contains(BAD) && reason.contains("the share is offline"));

        AutomaticBackupStatus status = Await.value("the status of automatic backup " + backupId,
                () -> automatic().status(),
                s -> s.lastBackupId().equals(Optional.of(backupId)) && s.lastFailure().isPresent());
        assertFalse("the run started at the scheduled time: " + status,
                status.lastAttempt().orElseThrow().isBefore(due.toInstant()));
        assertFalse("a run with a failed agent is no success: " + status, status.lastSuccess().filter(t -> !t
                .isBefore(due.toInstant())).isPresent());
        assertEquals(List.of(BAD), List.copyOf(status.failedAgents().keySet()));
        assertTrue(status.toString(), status.failedAgents().get(BAD).contains("the share is offline"));
        assertEquals("the next run is a week later", Optional.of(due.plusWeeks(1).toInstant()), status.nextRun());
        events.await("an AUTOMATIC_STATUS event for " + backupId, BackupEvents.TOPIC_AUTOMATIC_STATUS,
                e -> backupId.equals(e.getProperty(BackupEvents.BACKUP_ID)) && e.getProperty(BackupEvents.REASON)
                        != null);

        BackupMetadata made = good.get(backupId);
        assertEquals("true", made.extras().get(BackupMetadata.EXTRA_AUTOMATIC));
        assertEquals(installation, made.extras().get(BackupMetadata.EXTRA_INSTALLATION));
        assertTrue(made.name(), made.name().startsWith("Automatic backup "));
        assertTrue("protected with the configured password", made.isProtected());
        try (InputStream in = backups.manager().download(backupId, GOOD, "automatic secret".toCharArray())) {
            assertTrue("the configured password opens it", in.readAllBytes().length > 0);
        }

        // keep-last 1 on the agent that stored the backup: the earlier automatic one goes, nothing else.
        Await.until("retention to delete " + earlier + " from " + GOOD, () -> good.stored(earlier).isEmpty());
        assertTrue(good.stored(byHand).isPresent());
        assertTrue(good.stored(foreign).isPresent());
        assertTrue(good.stored(backupId).isPresent());

        Map<String, RetentionDecision> preview = automatic().previewRetention().stream()
                .filter(d -> d.agentId().equals(GOOD))
                .collect(Collectors.toMap(RetentionDecision::backupId, d -> d));
        assertEquals(preview.toString(), List.of(), preview.values().stream().filter(RetentionDecision::isDelete)
                .collect(Collectors.toList()));
        assertTrue(preview.toString(), preview.get(backupId).reason().contains("newest on this agent"));
        assertEquals("made by hand", preview.get(byHand).reason());
        assertEquals("made by another installation", preview.get(foreign).reason());

        // The status lives in the core bundle's data area: a restart of the bundle keeps it.
        Bundle core = osgi.bundle(BundleSet.CORE_BSN);
        core.stop();
        core.start();
        AutomaticBackupStatus restarted = Await.value("the status after restarting the core bundle",
                () -> automatic().status(), s -> s.lastBackupId().isPresent());
        assertEquals(status, restarted);
        assertEquals("the installation id must survive the restart", installation, installationId());

        BackupResult plain = backups.run(BackupRequest.builder("After the failure").agents(GOOD).build());
        assertEquals(BackupResult.Status.SUCCEEDED, plain.status());
        assertEquals("a backup by hand does not change the automatic status", status,
                automatic().status());
    }

    @Test
    public void verifyAfterBackupRecordsEachCopyAndADamagedCopyFailsLoudlyAndKeepsItsAgentsOlderBackups()
            throws Exception {
        backups.configureSource("notes", SampleTree.write(folder.newFolder("notes").toPath()), Map.of());
        TestAgent whole = TestAgent.storing("whole", folder.newFolder("whole").toPath());
        TestAgent rotten = TestAgent.corruptingWhatItStores("rotten", folder.newFolder("rotten").toPath());
        track(whole, rotten);
        String installation = installationId();
        String earlier = backups.run(BackupRequest.builder("Earlier automatic").agents("whole", "rotten")
                .extra(BackupMetadata.EXTRA_AUTOMATIC, "true").extra(BackupMetadata.EXTRA_INSTALLATION, installation)
                .build()).backupId();

        EventRecorder events = EventRecorder.register(osgi);
        ZonedDateTime due = ZonedDateTime.now(ZoneId.systemDefault()).plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> config = runningAt(due, "whole", "rotten");
        config.put("keepLast", 1);
        config.put("protect", true);
        config.put("password", "verified secret");
        config.put("verifyAfterBackup", true);
        osgi.configure(AUTOMATIC_PID, config);

        AutomaticBackupStatus status = Await.value("the verification after the automatic backup",
                () -> automatic().status(), s -> s.lastVerification().filter(v -> !v.isBefore(due.toInstant()))
                        .isPresent() && s.lastVerifiedBackupId().equals(s.lastBackupId()),
                LEAD.plus(Backups.BACKUP_TIMEOUT));
        String backupId = status.lastVerifiedBackupId().orElseThrow();
        assertEquals(status.toString(), java.util.Set.of("whole", "rotten"), status.verifiedCopies().keySet());
        assertTrue("the protected copy is read through with the configured password: " + status,
                status.verifiedCopies().get("whole").startsWith("ok: size, SHA-256 digest and "));
        assertEquals(status.toString(), java.util.Set.of("rotten"), status.damagedCopies().keySet());
        assertTrue(status.toString(), status.damagedCopies().get("rotten").startsWith("DAMAGED: "));
        String failure = status.lastFailure().orElseThrow();
        assertTrue("the failure names the backup, the agent and what to do: " + failure, failure.contains(backupId)
                && failure.contains("damaged on rotten") && failure.contains("make a new backup"));
        assertEquals(status.toString(), List.of("rotten"), List.copyOf(status.failedAgents().keySet()));
        assertFalse("a damaged copy is no success: " + status, status.lastSuccess().filter(t -> !t.isBefore(
                due.toInstant())).isPresent());

        Event verified = events.await("the VERIFY event of the damaged copy", BackupEvents.TOPIC_VERIFY,
                e -> backupId.equals(e.getProperty(BackupEvents.BACKUP_ID)) && "rotten".equals(e.getProperty(
                        BackupEvents.AGENT_ID)) && BackupEvents.VERIFY_ENDED.equals(e.getProperty(BackupEvents.STAGE)));
        assertEquals(Boolean.FALSE, verified.getProperty(BackupEvents.VERIFIED_OK));
        Event failed = events.await("an AUTOMATIC_FAILED event", BackupEvents.TOPIC_AUTOMATIC_FAILED,
                e -> backupId.equals(e.getProperty(BackupEvents.BACKUP_ID)));
        assertArrayEquals(new String[] { "rotten" }, (String[]) failed.getProperty(BackupEvents.FAILED_AGENTS));

        // keep-last 1: the earlier automatic backup goes from the agent whose new copy is whole, and stays on the
        // agent whose new copy is damaged.
        Await.until("retention to delete " + earlier + " from whole", () -> whole.stored(earlier).isEmpty());
        assertTrue("retention spares the older backups of an agent whose new copy is damaged",
                rotten.stored(earlier).isPresent());
        osgi.configure(AUTOMATIC_PID, Map.of("schedule", "never"));
    }

    @Test
    public void onAVerifyDayTheNewestCopyOnEachAgentIsReadBackAndOneDamagedAtRestFailsLoudlyWithoutABackup()
            throws Exception {
        backups.configureSource("attic", SampleTree.write(folder.newFolder("attic").toPath()), Map.of());
        TestAgent shelf = TestAgent.storing("shelf", folder.newFolder("shelf").toPath());
        TestAgent decaying = TestAgent.storing("decaying", folder.newFolder("decaying").toPath());
        track(shelf, decaying);
        String older = backups.run(BackupRequest.builder("On both").agents("shelf", "decaying").build()).backupId();
        String newest = backups.run(BackupRequest.builder("Newest, by hand").agents("decaying").password(
                "a password the schedule does not know".toCharArray()).build()).backupId();
        // A bit flipped at rest on the drive, after the backup was stored whole.
        Path copy = decaying.stored(newest).orElseThrow();
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(copy, bytes);
        int backupsBefore = backups.manager().list().backups().size();

        EventRecorder events = EventRecorder.register(osgi);
        ZonedDateTime due = ZonedDateTime.now(ZoneId.systemDefault()).plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> config = runningAt(due, "shelf", "decaying", "unplugged");
        config.put("schedule", "never");
        config.put("verifyDays", config.remove("days"));
        osgi.configure(AUTOMATIC_PID, config);
        Await.value("the verification to be scheduled at " + due, () -> automatic().status(),
                s -> s.nextRun().equals(Optional.of(due.toInstant())));

        AutomaticBackupStatus status = Await.value("the scheduled verification of the newest copies",
                () -> automatic().status(), s -> s.lastVerification().filter(v -> !v.isBefore(due.toInstant()))
                        .isPresent(), LEAD.plus(Backups.BACKUP_TIMEOUT));
        assertEquals(status.toString(), Optional.of(newest), status.lastVerifiedBackupId());
        assertEquals(status.toString(), java.util.Set.of("shelf", "decaying", "unplugged"),
                status.verifiedCopies().keySet());
        assertTrue("the newest copy on shelf is the older backup, named, and whole: " + status,
                status.verifiedCopies().get("shelf").startsWith("backup " + older + ": ok: size, SHA-256 digest"));
        assertEquals(status.toString(), java.util.Set.of("decaying", "unplugged"), status.damagedCopies().keySet());
        assertTrue("a chosen agent that is not registered cannot be verified: " + status, status.damagedCopies()
                .get("unplugged").contains("agent 'unplugged' is not registered"));
        assertTrue("a protected copy by hand is checked without the password, which finds the flipped bit: "
                + status, status.damagedCopies().get("decaying").startsWith("DAMAGED: "));
        String failure = status.lastFailure().orElseThrow();
        assertTrue("the failure names the backup, the agent and what to do: " + failure, failure.contains(newest)
                && failure.contains("decaying") && failure.contains("make a new backup") && !failure.contains(".."));
        assertEquals(status.toString(), List.of("decaying", "unplugged"), List.copyOf(status.failedAgents()
                .keySet()));
        Event failed = events.await("an AUTOMATIC_FAILED event for the damaged copy",
                BackupEvents.TOPIC_AUTOMATIC_FAILED, e -> newest.equals(e.getProperty(BackupEvents.BACKUP_ID)));
        assertArrayEquals(new String[] { "decaying", "unplugged" }, (String[]) failed.getProperty(
                BackupEvents.FAILED_AGENTS));
        assertEquals("a day of verifyDays only makes no backup", backupsBefore,
                backups.manager().list().backups().size());
        assertEquals("the next verification is a week later", Optional.of(due.plusWeeks(1).toInstant()),
                status.nextRun());
        osgi.configure(AUTOMATIC_PID, Map.of("schedule", "never"));
    }

    @Test
    public void onADayOfBothTheBackupIsVerifiedOnceAndCountsAsTheNewestCopy() throws Exception {
        backups.configureSource("cellar", SampleTree.write(folder.newFolder("cellar").toPath()), Map.of());
        TestAgent north = TestAgent.storing("north", folder.newFolder("north").toPath());
        TestAgent south = TestAgent.storing("south", folder.newFolder("south").toPath());
        track(north, south);
        backups.run(BackupRequest.builder("Before the schedule").agents("north", "south").build());

        EventRecorder events = EventRecorder.register(osgi);
        ZonedDateTime due = ZonedDateTime.now(ZoneId.systemDefault()).plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> config = runningAt(due, "north", "south");
        config.put("verifyDays", due.getDayOfWeek().name());
        config.put("verifyAfterBackup", true);
        osgi.configure(AUTOMATIC_PID, config);

        AutomaticBackupStatus status = Await.value("the automatic backup and the verification of the newest copies",
                () -> automatic().status(), s -> s.lastAttempt().filter(a -> !a.isBefore(due.toInstant()))
                        .isPresent() && s.lastVerification().filter(v -> !v.isBefore(due.toInstant())).isPresent()
                        && s.lastVerifiedBackupId().equals(s.lastBackupId()), LEAD.plus(Backups.BACKUP_TIMEOUT));
        String made = status.lastBackupId().orElseThrow();
        assertEquals(status.toString(), Optional.empty(), status.lastFailure());
        assertEquals("a day of both whose copies are whole is a success", status.lastAttempt(),
                status.lastSuccess());
        assertEquals(status.toString(), java.util.Set.of("north", "south"), status.verifiedCopies().keySet());
        status.verifiedCopies().values().forEach(line -> assertTrue("the new backup, not named again: " + line,
                line.startsWith("ok: size, SHA-256 digest and ")));
        // The status event comes after every verification of the run, from the same thread.
        events.await("the status event of the run", BackupEvents.TOPIC_AUTOMATIC_STATUS,
                e -> made.equals(e.getProperty(BackupEvents.BACKUP_ID)) && e.getProperty(BackupEvents.REASON) == null);
        for (String agent : List.of("north", "south")) {
            assertEquals("the copy on " + agent + " is read once, after the backup", 1, events.events(
                    BackupEvents.TOPIC_VERIFY, made).stream().filter(e -> agent.equals(e.getProperty(
                            BackupEvents.AGENT_ID)) && BackupEvents.VERIFY_ENDED.equals(e.getProperty(
                                    BackupEvents.STAGE))).count());
        }
        osgi.configure(AUTOMATIC_PID, Map.of("schedule", "never"));
    }

    /** Registers the agents as services and waits until the manager tracks them. */
    private void track(TestAgent... agents) {
        for (TestAgent agent : agents) {
            osgi.register(BackupAgent.class, agent);
        }
        List<String> ids = java.util.Arrays.stream(agents).map(TestAgent::id).toList();
        Await.value("the manager to track the test agents " + ids, backups::agentIds, tracked -> tracked
                .containsAll(ids));
    }

    /** @return a configuration whose one run this week is at {@code due}, without random delay, to the agents */
    private static Map<String, Object> runningAt(ZonedDateTime due, String... agents) {
        Map<String, Object> config = new HashMap<>();
        config.put("schedule", "days");
        config.put("days", new String[] { due.getDayOfWeek().name() });
        config.put("time", due.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME));
        config.put("randomDelayMinutes", 0);
        config.put("agents", agents);
        return config;
    }

    /** @return the scheduler's service, waiting for it (it comes back after a restart of the core bundle) */
    private AutomaticBackups automatic() {
        return osgi.service(AutomaticBackups.class);
    }

    private static BackupRequest automatic(String name, String installation) {
        return BackupRequest.builder(name).agents(GOOD).extra(BackupMetadata.EXTRA_AUTOMATIC, "true")
                .extra(BackupMetadata.EXTRA_INSTALLATION, installation).build();
    }

    private String installationId() throws Exception {
        Path file = osgi.bundle(BundleSet.CORE_BSN).getBundleContext().getDataFile("installation-id").toPath();
        Await.until("the installation id in " + file, () -> Files.isRegularFile(file));
        String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
        UUID.fromString(id);
        return id;
    }
}
