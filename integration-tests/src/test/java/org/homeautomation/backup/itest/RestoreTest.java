package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.RestoreContext;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.api.RestoreStage;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.event.Event;

/**
 * Protected backups and restore through the manager service, in Felix: a backup protected on one agent and clear on
 * another, restored over a changed folder, downloaded unprotected, refused with a wrong password or a newer format,
 * and participants told around the restore.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestoreTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @Rule
    public final Osgi osgi = new Osgi(RestoreTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(RestoreTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(RestoreTest.class);
    }

    @Before
    public void needsTarAndZstd() {
        SystemTools.requireTarAndZstd();
    }

    @Test
    public void aProtectedBackupRestoresOverAChangedFolder() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        Map<String, String> original = SystemTools.tree(home);
        TestAgent plain = TestAgent.storing("plain", folder.newFolder("plain").toPath());
        osgi.register(BackupAgent.class, plain);
        Await.until("agent plain", () -> backups.agentIds().contains("plain"));
        backups.configureSource("home", home, Map.of("unprotectedAgents", new String[] { "plain" }));
        EventRecorder events = EventRecorder.register(osgi);

        BackupResult result = backups.run(BackupRequest.builder("Protected").agents(Backups.LOCAL, "plain")
                .password(PASSWORD).build());
        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        String id = result.backupId();
        Backup listed = backups.manager().get(id);
        assertTrue("the local agent stores it protected", listed.copies().get(Backups.LOCAL).isProtected());
        assertFalse("plain is configured unprotected", listed.copies().get("plain").isProtected());
        List<String> entries = SystemTools.listEntries(backups.localArchive(id));
        assertTrue(entries.toString(), entries.contains("home.tar.zst.age"));
        String localBytes = new String(Files.readAllBytes(backups.localArchive(id)), StandardCharsets.ISO_8859_1);
        assertFalse("the password never reaches the archive", localBytes.contains(new String(PASSWORD)));

        // Change, delete and add files in the live folder.
        try (var paths = Files.walk(home)) {
            List<Path> files = paths.filter(Files::isRegularFile).sorted().toList();
            Files.writeString(files.get(0), "changed after the backup");
            Files.delete(files.get(files.size() - 1));
        }
        Files.writeString(home.resolve("added-after-backup.txt"), "new");
        assertFalse(original.equals(SystemTools.tree(home)));

        RestoreResult restored = backups.manager().restore(id, RestoreOptions.builder().agent(Backups.LOCAL)
                .password(PASSWORD).build());

        assertEquals(List.of("home"), restored.contents());
        assertEquals(Backups.LOCAL, restored.agentId());
        assertEquals("the live folder is the backed-up tree again", original, SystemTools.tree(home));
        assertEquals(ManagerState.IDLE, backups.manager().state());
        // The old tree is deleted after the restore has returned, in the background.
        Await.until("no staging or rollback folder is left beside " + home, () -> {
            try (var siblings = Files.list(home.getParent())) {
                return siblings.map(p -> p.getFileName().toString())
                        .noneMatch(n -> n.contains(".restore-") || n.contains(".rollback-"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Event completed = events.await("the restore's last stage", BackupEvents.TOPIC_RESTORE,
                e -> RestoreStage.COMPLETED.name().equals(e.getProperty(BackupEvents.STAGE)));
        assertEquals(id, completed.getProperty(BackupEvents.BACKUP_ID));
        List<String> stages = events.events(BackupEvents.TOPIC_RESTORE, id).stream()
                .map(e -> (String) e.getProperty(BackupEvents.STAGE)).toList();
        assertEquals(List.of("FETCHING", "VERIFYING", "EXTRACTING", "PRE_RESTORE", "REPLACING", "POST_RESTORE",
                "COMPLETED"), stages);
    }

    @Test
    public void aWrongPasswordIsRefusedBeforeAnythingChanges() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        BackupResult result = backups.run(BackupRequest.builder("Protected").agents(Backups.LOCAL)
                .password(PASSWORD).build());
        Files.writeString(home.resolve("after.txt"), "kept");
        Map<String, String> live = SystemTools.tree(home);

        IncorrectPasswordException wrong = assertThrows(IncorrectPasswordException.class,
                () -> backups.manager().restore(result.backupId(), RestoreOptions.builder()
                        .password("wrong".toCharArray()).build()));
        assertTrue(wrong.getMessage(), wrong.getMessage().contains("password"));
        assertFalse("the message never holds a password", wrong.getMessage().contains("wrong"));
        IncorrectPasswordException missing = assertThrows(IncorrectPasswordException.class,
                () -> backups.manager().restore(result.backupId(), RestoreOptions.builder().build()));
        assertTrue(missing.getMessage(), missing.getMessage().contains("protected"));
        assertThrows(IncorrectPasswordException.class, () -> backups.manager().download(result.backupId(),
                Backups.LOCAL, "wrong".toCharArray()));
        assertEquals("nothing changed", live, SystemTools.tree(home));
        assertEquals(ManagerState.IDLE, backups.manager().state());
    }

    @Test
    public void aDownloadWithThePasswordOpensWithTarAndZstdAlone() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        BackupResult result = backups.run(BackupRequest.builder("Protected").agents(Backups.LOCAL)
                .password(PASSWORD).build());

        Path downloaded = folder.getRoot().toPath().resolve("clear.tar");
        try (InputStream in = backups.manager().download(result.backupId(), null, PASSWORD)) {
            Files.copy(in, downloaded);
        }
        Path unpacked = folder.newFolder("unpacked").toPath();
        assertEquals(List.of("home"), SystemTools.unpack(downloaded, unpacked));
        assertEquals(SystemTools.tree(home), SystemTools.tree(unpacked.resolve("home")));
        String json = Files.readString(unpacked.resolve(ArchiveContents.METADATA_ENTRY));
        assertTrue(json, json.contains("\"protected\": false") || json.contains("\"protected\":false"));
    }

    @Test
    public void onlyTheChosenContentIsRestoredAndParticipantsAreTold() throws Exception {
        Path etc = SampleTree.write(folder.newFolder("etc").toPath());
        Path data = SampleTree.write(folder.newFolder("data").toPath());
        backups.configureManager(Map.of("sources", new String[] { "etc=" + etc, "data=" + data }));
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        osgi.register(BackupParticipant.class, new DumpingParticipant("db", log));
        Await.until("participant db", () -> backups.manager().contents().contains("db"));
        BackupResult result = backups.run(BackupRequest.builder("Two folders").agents(Backups.LOCAL).build());
        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        Map<String, String> etcBefore = SystemTools.tree(etc);
        Files.writeString(etc.resolve("etc-change.txt"), "stays");
        Files.writeString(data.resolve("data-change.txt"), "goes");
        Map<String, String> etcChanged = SystemTools.tree(etc);
        log.clear();

        backups.manager().restore(result.backupId(), RestoreOptions.builder().contents("data", "db").build());

        assertEquals("etc was not chosen", etcChanged, SystemTools.tree(etc));
        assertFalse(Files.exists(data.resolve("data-change.txt")));
        assertFalse(etcBefore.equals(etcChanged));
        assertEquals(List.of("preRestore db: dump=rows 1-3", "postRestore db: succeeded"), log);

        BackupException unknown = assertThrows(BackupException.class, () -> backups.manager()
                .restore(result.backupId(), RestoreOptions.builder().contents("nope").build()));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("no content 'nope'"));
    }

    @Test
    public void aBackupOfANewerFormatIsRefused() throws Exception {
        Path home = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", home, Map.of());
        BackupMetadata future = BackupMetadata.builder().id("from-the-future").name("Newer").createdAt(Instant.now())
                .size(1).sha256("0".repeat(64)).formatVersion(2).addContent("home").build();
        osgi.register(BackupAgent.class, new HoldingAgent("future", future));
        Await.until("agent future", () -> backups.agentIds().contains("future"));

        BackupException e = assertThrows(BackupException.class, () -> backups.manager().restore("from-the-future",
                RestoreOptions.builder().agent("future").build()));
        assertTrue(e.getMessage(), e.getMessage().contains("format version 2"));
    }

    /** Dumps a line in preBackup; reports what it sees around a restore. */
    private static final class DumpingParticipant implements BackupParticipant {
        private final String id;
        private final List<String> log;

        DumpingParticipant(String id, List<String> log) {
            this.id = id;
            this.log = log;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void preBackup(BackupContext context) throws Exception {
            Files.writeString(context.stagingDirectory().resolve("dump.txt"), "rows 1-3");
        }

        @Override
        public void postBackup(BackupContext context, BackupOutcome outcome) {
        }

        @Override
        public void preRestore(RestoreContext context) throws Exception {
            Optional<Path> dir = context.restoredDirectory();
            log.add("preRestore " + id + ": dump=" + (dir.isPresent()
                    ? Files.readString(dir.get().resolve("dump.txt")) : "none"));
        }

        @Override
        public void postRestore(RestoreContext context, BackupOutcome outcome) {
            log.add("postRestore " + id + ": " + outcome);
        }
    }

    /** Holds one backup's metadata, as an agent that a newer manager wrote to would. */
    private static final class HoldingAgent implements BackupAgent {
        private final String id;
        private final BackupMetadata metadata;

        HoldingAgent(String id, BackupMetadata metadata) {
            this.id = id;
            this.metadata = metadata;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return "Holds a backup of a newer format";
        }

        @Override
        public void upload(BackupSource source, BackupMetadata m, UploadProgress progress) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public InputStream download(String backupId) throws BackupNotFoundException {
            get(backupId);
            return new ByteArrayInputStream(new byte[1]);
        }

        @Override
        public void delete(String backupId) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public List<BackupMetadata> list() {
            return List.of(metadata);
        }

        @Override
        public BackupMetadata get(String backupId) throws BackupNotFoundException {
            if (!metadata.id().equals(backupId)) {
                throw new BackupNotFoundException(backupId, "no " + backupId);
            }
            return metadata;
        }
    }
}
