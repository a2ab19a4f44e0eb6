package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.UnknownAgentException;
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

/**
 * What a person gets back from the manager for a request that cannot be done: an error that names what is wrong and
 * what exists instead, and nothing changed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputTest {
    private static final String UNKNOWN_ID = "20200101-000000-00000000";

    @Rule
    public final Osgi osgi = new Osgi(BadInputTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(BadInputTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(BadInputTest.class);
    }

    @Test
    public void anUnknownBackupIdIsNotFoundEverywhere() throws Exception {
        Await.value("the default local agent", backups::agentIds, ids -> ids.contains(Backups.LOCAL));
        BackupNotFoundException e = assertThrows(BackupNotFoundException.class,
                () -> backups.manager().get(UNKNOWN_ID));
        assertEquals(UNKNOWN_ID, e.backupId());
        assertTrue(e.getMessage(), e.getMessage().contains(UNKNOWN_ID));
        assertThrows(BackupNotFoundException.class, () -> backups.manager().download(UNKNOWN_ID, null));
        assertThrows(BackupNotFoundException.class, () -> backups.manager().download(UNKNOWN_ID, Backups.LOCAL));
        assertThrows(BackupNotFoundException.class, () -> backups.manager().delete(UNKNOWN_ID, Set.of()));
        assertThrows(BackupNotFoundException.class,
                () -> backups.manager().delete(UNKNOWN_ID, Set.of(Backups.LOCAL)));
    }

    @Test
    public void anUnknownAgentIsNamedWithTheAgentsThatExist() throws Exception {
        Await.value("the default local agent", backups::agentIds, ids -> ids.contains(Backups.LOCAL));
        UnknownAgentException download = assertThrows(UnknownAgentException.class,
                () -> backups.manager().download(UNKNOWN_ID, "nas"));
        assertEquals("nas", download.agentId());
        assertTrue(download.getMessage(), download.getMessage().contains("Registered agents: local"));
        assertThrows(UnknownAgentException.class, () -> backups.manager().delete(UNKNOWN_ID, Set.of("nas")));
    }

    @Test
    public void idsThatCouldEscapeAFolderAreRefusedBeforeAnyAgentIsAsked() {
        for (String bad : new String[] { "../etc", "a/b", "", "UPPER" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backups.manager().get(bad));
            assertTrue(e.getMessage(), e.getMessage().contains("Invalid backup id"));
            assertThrows(IllegalArgumentException.class, () -> backups.manager().download(bad, null));
            assertThrows(IllegalArgumentException.class, () -> backups.manager().delete(bad, Set.of()));
        }
    }

    @Test
    public void invalidNamesAndContentsAreRefusedAndNothingIsCreated() throws Exception {
        backups.configureSource("home", SampleTree.write(folder.newFolder("home").toPath()), Map.of());
        int before = backups.manager().list().backups().size();

        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> BackupRequest.builder("  ").build());
        assertTrue(blank.getMessage(), blank.getMessage().contains("must not be empty"));
        assertThrows(IllegalArgumentException.class, () -> BackupRequest.builder("two\nlines").build());

        BackupException unknownContent = assertThrows(BackupException.class, () -> backups.manager()
                .create(BackupRequest.builder("Only the database").contents("database").build()));
        assertTrue(unknownContent.getMessage(), unknownContent.getMessage().contains("no content 'database'")
                && unknownContent.getMessage().contains("Available: home"));

        assertEquals("nothing may have been created", before, backups.manager().list().backups().size());
    }

    @Test
    public void aManagerWithNothingToBackUpSaysSo() throws Exception {
        Await.value("the default local agent", backups::agentIds, ids -> ids.contains(Backups.LOCAL));
        Await.until("no source configured", () -> backups.manager().contents().isEmpty());
        BackupException e = assertThrows(BackupException.class,
                () -> backups.manager().create(BackupRequest.builder("Empty").build()));
        assertTrue(e.getMessage(), e.getMessage().contains("nothing to back up"));
    }
}
