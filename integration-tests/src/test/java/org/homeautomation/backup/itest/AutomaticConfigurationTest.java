package org.homeautomation.backup.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.AutomaticBackups;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Rule;
import org.junit.Test;
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
 * A value of the automatic backups' configuration that is not what its key allows ({@code randomDelayMinutes = abc},
 * as a Karaf {@code .cfg} file gives it) leaves the {@link AutomaticBackups} service registered, with automatic
 * backups off and the pid, key and value (never the password) in the status; the fixed configuration is taken up
 * without a restart. Before, DS converted the value for the scheduler: at activation (a start with the wrong file)
 * the conversion failed the activation and the service was gone; in a change, the scheduler's modified method threw
 * and the wrong value was reported nowhere but in SCR's log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AutomaticConfigurationTest {
    private static final String AUTOMATIC_PID = "org.homeautomation.backup.automatic";
    private static final String PASSWORD = "hunter2-automatic";

    @Rule
    public final Osgi osgi = new Osgi(AutomaticConfigurationTest.class);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(AutomaticConfigurationTest.class);
    }

    @Test
    public void anInvalidValueLeavesTheServiceWithTheReasonAndTheFixIsTakenUp() throws Exception {
        EventRecorder events = EventRecorder.register(osgi);
        // Far enough away that no backup runs during the test.
        ZonedDateTime due = ZonedDateTime.now(ZoneId.systemDefault()).plusHours(2).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> config = new HashMap<>();
        config.put("schedule", "daily");
        config.put("time", due.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME));
        config.put("randomDelayMinutes", "abc");
        config.put("protect", "true");
        config.put("password", PASSWORD);
        osgi.configure(AUTOMATIC_PID, config);

        AutomaticBackupStatus off = Await.value("the AutomaticBackups service to report the invalid configuration",
                this::status, s -> s != null && s.lastFailure().filter(f -> f.contains("randomDelayMinutes")).isPresent());
        String reason = off.lastFailure().orElseThrow();
        assertTrue("the reason names pid, key, value and what is allowed: " + reason, reason.contains(AUTOMATIC_PID)
                && reason.contains("randomDelayMinutes = 'abc'") && reason.contains("0 to 360"));
        assertFalse("the password never shows: " + reason, reason.contains(PASSWORD));
        assertTrue("automatic backups are off: " + off, off.nextRun().isEmpty());
        Event failed = events.await("an AUTOMATIC_FAILED event naming the key", BackupEvents.TOPIC_AUTOMATIC_FAILED,
                e -> String.valueOf(e.getProperty(BackupEvents.REASON)).contains("randomDelayMinutes = 'abc'"));
        assertFalse(String.valueOf(failed.getProperty(BackupEvents.REASON)).contains(PASSWORD));

        // At activation too (a start with the wrong file in etc/): the service stays, and the new instance reports
        // the reason again.
        int reported = events.events(BackupEvents.TOPIC_AUTOMATIC_FAILED).size();
        Bundle core = osgi.bundle(BundleSet.CORE_BSN);
        core.stop();
        core.start();
        Await.value("the AutomaticBackups service after restarting the core bundle with the invalid configuration",
                this::status, s -> s != null && s.lastFailure().filter(f -> f.contains("randomDelayMinutes = 'abc'"))
                        .isPresent());
        Await.until("an AUTOMATIC_FAILED event from the restarted scheduler", () -> events.events(
                BackupEvents.TOPIC_AUTOMATIC_FAILED).size() > reported);

        config.put("randomDelayMinutes", "0");
        osgi.configure(AUTOMATIC_PID, config);
        AutomaticBackupStatus on = Await.value("the fixed configuration to schedule the run at " + due,
                this::status, s -> s != null && s.nextRun().equals(Optional.of(due.toInstant())));
        assertTrue("the configuration's failure is cleared: " + on, on.lastFailure().isEmpty());
    }

    /** @return the status of the AutomaticBackups service, or null while there is none */
    private AutomaticBackupStatus status() {
        ServiceReference<AutomaticBackups> reference = osgi.context().getServiceReference(AutomaticBackups.class);
        AutomaticBackups service = reference == null ? null : osgi.context().getService(reference);
        return service == null ? null : service.status();
    }
}
