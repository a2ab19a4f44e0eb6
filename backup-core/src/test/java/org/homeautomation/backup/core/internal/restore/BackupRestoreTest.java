package org.homeautomation.backup.core.internal.restore;

import org.homeautomation.backup.core.internal.archive.SourceTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.RestoreContext;
import org.homeautomation.backup.api.RestoreResult;
import org.homeautomation.backup.core.internal.archive.ArchiveLayout;
import org.homeautomation.backup.core.internal.create.BackupIds;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole restore without OSGi: a real backup of two live folders made by {@link
 * org.homeautomation.backup.core.internal.create.BackupCreation} into an in-memory agent, the live folders changed,
 * then {@link BackupRestore}. Round trips give back the trees exactly (types, data, modes, times); every failure
 * (wrong or missing password, unsafe entries, a cut or damaged archive, a participant's veto) leaves the live folders
 * exactly as they were and nothing behind, also when it is found late, after the restore has unpacked files into the
 * hidden folders beside the live ones (the archive is read once, as it streams in).
 */
class BackupRestoreTest {
    private static final String PASSWORD = "open sesame";
    private static final String WRONG_PASSWORD = "open sesame!";
    private static final Instant OLD = Instant.parse("2005-05-05T05:05:05Z");
    /** Entries unpacked before the damage of a late failure. */
    private static final int LATE = 200;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(10);

    @TempDir
    Path temp;

    private Path runtime;
    private Path config;
    private Path data;
    private Path staging;
    private RestoreBench bench;
    private Map<String, String> configAtBackup;
    private Map<String, String> dataAtBackup;

    @BeforeEach
    void buildLiveFolders() throws IOException {
        runtime = Files.createDirectories(temp.resolve("runtime"));
        config = runtime.resolve("config");
        data = runtime.resolve("data");
        staging = temp.resolve("staging");
        SourceTrees.mode(Trees.file(config, "settings.cfg", "port=8080\n"), 0640);
        Trees.file(config, "things/zwave.things", "Thing zwave:device:1\n");
        SourceTrees.mode(Trees.file(config, "nested/deeper/état.json", "{\"on\": true}"), 0600);
        SourceTrees.mode(config.resolve("nested"), 0750);
        SourceTrees.mode(Trees.file(config, "secret/key.pem", "-----BEGIN KEY-----\n"), 0600);
        SourceTrees.mode(config.resolve("secret"), 0700);
        SourceTrees.mode(Trees.file(config, "run.sh", "#!/bin/sh\necho hi\n"), 0755);
        Files.createSymbolicLink(config.resolve("link"), Path.of("things/zwave.things"));
        Files.createDirectories(config.resolve("empty"));
        Trees.file(data, "jsondb/items.json", "{\"Lamp\": \"ON\"}");
        Trees.file(data, "persistence/big.bin", halfRandom(300 * 1024));
        Trees.file(data, "cache/blob.bin", "archived cache");
        Trees.oldTimes(config, OLD);
        Trees.oldTimes(data, OLD.plusSeconds(86_400));
        SourceTrees.mode(config, 0750);
        bench = new RestoreBench();
    }

    @AfterEach
    void stop() {
        bench.close();
    }

    @Test
    void aRoundTripGivesBackBothTreesExactly() throws Exception {
        BackupMetadata backup = backup(null);
        changeLiveFolders();

        RestoreResult result = bench.restore(backup, staging).folder("config", config).folder("data", data).run();

        assertEquals(backup.id(), result.backupId());
        assertEquals("nas", result.agentId());
        assertEquals(List.of("config", "data"), result.contents());
        assertEquals(List.of(), result.warnings());
        assertEquals(configAtBackup, SwapTrees.snapshot(config));
        assertEquals(dataAtBackup, SwapTrees.snapshot(data));
        assertNothingLeftBehind();
    }

    /** An archive holds no entry for a live folder itself: the restored one takes the replaced one's owner and mode. */
    @Test
    void theRestoredFolderKeepsTheLiveFoldersOwnerAndMode() throws Exception {
        BackupMetadata backup = backup(null);
        SourceTrees.mode(config, 0701);
        boolean root = Trees.runningAsRoot(temp);
        if (root) {
            Files.setAttribute(config, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(config, "unix:gid", 4321, LinkOption.NOFOLLOW_LINKS);
        }

        bench.restore(backup, staging).folder("config", config).run();

        assertEquals(0701, SourceTrees.modeOf(config));
        if (root) {
            assertEquals(1234, Files.getAttribute(config, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(4321, Files.getAttribute(config, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        }
        assertNothingLeftBehind();
    }

    @Test
    void aProtectedRoundTripGivesBackBothTreesExactly() throws Exception {
        BackupMetadata backup = backup(PASSWORD);
        assertTrue(backup.isProtected());
        changeLiveFolders();

        bench.restore(backup, staging).folder("config", config).folder("data", data).password(PASSWORD).run();

        assertEquals(configAtBackup, SwapTrees.snapshot(config));
        assertEquals(dataAtBackup, SwapTrees.snapshot(data));
        assertNothingLeftBehind();
    }

    @Test
    void aLiveFolderThatIsMissingIsCreated() throws Exception {
        BackupMetadata backup = backup(null);
        FolderTrees.deleteTree(data);

        bench.restore(backup, staging).folder("config", config).folder("data", data).run();

        assertEquals(dataAtBackup, SwapTrees.snapshot(data));
        assertNothingLeftBehind();
    }

    @Test
    void aWrongPasswordIsRefusedBeforeAnythingIsWrittenAndTheLiveFoldersAreUntouched() throws Exception {
        BackupMetadata backup = backup(PASSWORD);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);
        // Creating or deleting anything beside the live folders, even for a moment, changes their parent's time.
        FileTime longAgo = FileTime.from(OLD);
        Files.setLastModifiedTime(runtime, longAgo);
        AtomicBoolean endReached = new AtomicBoolean();
        bench.agent.atEndOfDownload(() -> endReached.set(true));

        IncorrectPasswordException e = assertThrows(IncorrectPasswordException.class, () -> bench.restore(backup,
                staging).folder("config", config).folder("data", data).password(WRONG_PASSWORD).run());

        assertTrue(e.getMessage().contains(backup.id()), e.getMessage());
        assertFalse(e.getMessage().contains(WRONG_PASSWORD) || e.getMessage().contains(PASSWORD), e.getMessage());
        assertEquals(longAgo, Files.getLastModifiedTime(runtime, LinkOption.NOFOLLOW_LINKS),
                "nothing was created beside the live folders, no hidden folder, no journal");
        assertFalse(endReached.get(), "the archive was not read on after its first content's header");
        before.assertUnchanged();
        assertNothingLeftBehind();
    }

    @Test
    void aProtectedBackupWithoutAPasswordIsRefused() throws Exception {
        BackupMetadata backup = backup(PASSWORD);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);

        IncorrectPasswordException e = assertThrows(IncorrectPasswordException.class, () -> bench.restore(backup,
                staging).folder("config", config).folder("data", data).run());

        assertTrue(e.getMessage().contains("protected"), e.getMessage());
        before.assertUnchanged();
        assertNothingLeftBehind();
    }

    @Test
    void aPartialRestoreLeavesTheOtherContentsFolderAlone() throws Exception {
        BackupMetadata backup = backup(PASSWORD);
        changeLiveFolders();
        LiveState dataBefore = LiveState.of(data);

        RestoreResult result = bench.restore(backup, staging).folder("config", config).password(PASSWORD).run();

        assertEquals(List.of("config"), result.contents());
        assertEquals(configAtBackup, SwapTrees.snapshot(config));
        dataBefore.assertUnchanged();
        assertNothingLeftBehind();
    }

    /** Each crafted tar holds one entry that leads outside the content's folder, after harmless ones. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dot-dot", "dot-dot-inside", "absolute", "symlink-out", "write-through-symlink",
        "hard-link-out"})
    void anArchiveWithAnEntryLeadingOutsideIsRejectedNamingItAndNothingIsWritten(String kind) throws Exception {
        Files.writeString(temp.resolve("outside.txt"), "outside");
        TarBuilder tar = new TarBuilder().folder("things/").file("things/ok.txt", "fine");
        String bad = switch (kind) {
            case "dot-dot" -> {
                tar.file("../evil", "pwned");
                yield "../evil";
            }
            case "dot-dot-inside" -> {
                tar.file("things/../../evil", "pwned");
                yield "things/../../evil";
            }
            case "absolute" -> {
                String name = temp.resolve("evil-absolute").toString();
                tar.file(name, "pwned");
                yield name;
            }
            case "symlink-out" -> {
                tar.symlink("evil-link", "../..");
                yield "evil-link";
            }
            case "write-through-symlink" -> {
                tar.symlink("evil-dir", "things").file("evil-dir/evil", "pwned");
                yield "evil-dir/evil";
            }
            case "hard-link-out" -> {
                tar.hardLink("evil-hard", "../../outside.txt");
                yield "evil-hard";
            }
            default -> throw new IllegalArgumentException(kind);
        };
        CraftedArchive crafted = new CraftedArchive(BackupIds.newId(Instant.now())).content("config", tar.bytes());
        byte[] bytes = crafted.bytes();
        BackupMetadata metadata = crafted.metadata(bytes);
        bench.agent.put(metadata, bytes);
        LiveState before = LiveState.of(config, data);

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(metadata, staging)
                .folder("config", config).run());

        assertFalse(e instanceof IncorrectPasswordException);
        assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("config"), e.getMessage());
        before.assertUnchanged();
        assertEquals(List.of(), namesContaining(temp, "evil"), "nothing unsafe was written anywhere");
        assertEquals("outside", Files.readString(temp.resolve("outside.txt")));
        assertNothingLeftBehind();
    }

    @ParameterizedTest(name = "protected={0}, {1}")
    @CsvSource({
        "false, metadata of the whole archive",
        "false, metadata of the cut archive",
        "false, metadata of the cut archive without its last content",
        "true,  metadata of the whole archive",
        "true,  metadata of the cut archive",
    })
    void aTruncatedArchiveIsRejectedAndNothingChanges(boolean protect, String variant) throws Exception {
        BackupMetadata backup = backup(protect ? PASSWORD : null);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);
        byte[] whole = bench.agent.bytes(backup.id());
        ArchiveLayout.ContentEntry last = layoutOf(whole).content("data").orElseThrow();
        int cutAt = (int) (variant.endsWith("last content") ? last.dataOffset() - 1024
                : last.dataOffset() + last.size() / 2);
        byte[] cut = java.util.Arrays.copyOf(whole, cutAt);
        BackupMetadata metadata = variant.contains("whole") ? backup : CraftedArchive.metadataOf(backup, cut);
        bench.agent.put(metadata, cut);

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(metadata, staging)
                .folder("config", config).folder("data", data).password(protect ? PASSWORD : null).run());

        assertFalse(e instanceof IncorrectPasswordException, e.getMessage());
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("Nothing was restored"),
                e.getMessage());
        before.assertUnchanged();
        assertNothingLeftBehind();
    }

    /** The digest in the metadata is made to match, so that only age's authentication can find the change. */
    @ParameterizedTest(name = "byte at {0} of the content")
    @ValueSource(doubles = {0.5, 0.999})
    void aChangedByteOfCiphertextIsRejectedAsDamageAndNothingChanges(double where) throws Exception {
        BackupMetadata backup = backup(PASSWORD);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);
        byte[] tampered = bench.agent.bytes(backup.id());
        ArchiveLayout.ContentEntry content = layoutOf(tampered).content("data").orElseThrow();
        assertTrue(content.size() > 2 * 65_536, "several chunks: " + content.size());
        tampered[(int) (content.dataOffset() + (long) (content.size() * where))] ^= 0x01;
        BackupMetadata metadata = CraftedArchive.metadataOf(backup, tampered);
        bench.agent.put(metadata, tampered);

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(metadata, staging)
                .folder("config", config).folder("data", data).password(PASSWORD).run());

        assertFalse(e instanceof IncorrectPasswordException, e.getMessage());
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("content data"), e.getMessage());
        before.assertUnchanged();
        assertNothingLeftBehind();
    }

    @Test
    void participantsAreCalledAroundTheSwapWithTheirRestoredContent() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        List<Path> restoredDirectories = Collections.synchronizedList(new ArrayList<>());
        TrackedParticipant db = bench.participant(new RecordingParticipant("db", calls, restoredDirectories) {
            @Override
            public void preBackup(BackupContext context) throws Exception {
                Files.writeString(context.stagingDirectory().resolve("dump.sql"), "INSERT 1;");
            }
        }, 10);
        TrackedParticipant observer = bench.participant(new RecordingParticipant("observer", calls,
                restoredDirectories), 0);
        BackupMetadata backup = bench.backup(sources(), List.of(), staging, List.of(db, observer), null);
        assertEquals(List.of("config", "data", "db"), backup.contents(),
                "the observer wrote nothing, so it has no content");
        configAtBackup = SwapTrees.snapshot(config);
        changeLiveFolders();

        RestoreResult result = bench.restore(backup, staging).folder("config", config).folder("data", data)
                .participantContent("db").participant(db).participant(observer).run();

        assertEquals(List.of("config", "data", "db"), result.contents());
        assertEquals(List.of(
                "pre db contents=[config, data, db] dump=INSERT 1; live=port=9090",
                "pre observer contents=[config, data, db] dump=none live=port=9090",
                "post observer succeeded dump=none live=port=8080",
                "post db succeeded dump=INSERT 1; live=port=8080"), calls);
        assertEquals(configAtBackup, SwapTrees.snapshot(config));
        for (Path dir : restoredDirectories) {
            Trees.assertMissing(dir);
        }
        assertNothingLeftBehind();
    }

    @Test
    void aRestoreOfAParticipantsContentAloneLeavesEveryLiveFolderAlone() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        TrackedParticipant db = bench.participant(new RecordingParticipant("db", calls, new ArrayList<>()) {
            @Override
            public void preBackup(BackupContext context) throws Exception {
                Files.writeString(context.stagingDirectory().resolve("dump.sql"), "INSERT 2;");
            }
        }, 0);
        BackupMetadata backup = bench.backup(sources(), List.of(), staging, List.of(db), null);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);

        RestoreResult result = bench.restore(backup, staging).participantContent("db").participant(db).run();

        assertEquals(List.of("db"), result.contents());
        assertEquals(List.of("pre db contents=[db] dump=INSERT 2; live=port=9090",
                "post db succeeded dump=INSERT 2; live=port=9090"), calls);
        before.assertUnchanged();
        assertEquals(List.of("config", "data"), liveParentListing());
        Trees.assertMissing(runtime.resolve(RestoreJournalFolders.NAME));
        assertEquals(List.of(), Trees.list(staging));
    }

    @Test
    void aParticipantFailingPreRestoreCancelsTheRestoreAndEveryoneHearsOfIt() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        List<Path> restoredDirectories = Collections.synchronizedList(new ArrayList<>());
        TrackedParticipant db = bench.participant(new RecordingParticipant("db", calls, restoredDirectories) {
            @Override
            public void preBackup(BackupContext context) throws Exception {
                Files.writeString(context.stagingDirectory().resolve("dump.sql"), "INSERT 3;");
            }
        }, 10);
        TrackedParticipant veto = bench.participant(new RecordingParticipant("veto", calls, restoredDirectories) {
            @Override
            public void preRestore(RestoreContext context) throws Exception {
                super.preRestore(context);
                throw new IllegalStateException("the database is busy");
            }
        }, 0);
        BackupMetadata backup = bench.backup(sources(), List.of(), staging, List.of(db, veto), null);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(backup, staging)
                .folder("config", config).folder("data", data).participantContent("db").participant(db)
                .participant(veto).run());

        assertTrue(e.getMessage().contains("'veto'") && e.getMessage().contains("preRestore")
                && e.getMessage().contains("the database is busy"), e.getMessage());
        assertEquals(List.of(
                "pre db contents=[config, data, db] dump=INSERT 3; live=port=9090",
                "pre veto contents=[config, data, db] dump=none live=port=9090",
                "post veto failed dump=none live=port=9090",
                "post db failed dump=INSERT 3; live=port=9090"), calls);
        before.assertUnchanged();
        for (Path dir : restoredDirectories) {
            Trees.assertMissing(dir);
        }
        assertNothingLeftBehind();
    }

    @Test
    void aParticipantFailingPostRestoreIsAWarningOfACompletedRestore() throws Exception {
        TrackedParticipant grumpy = bench.participant(new RecordingParticipant("grumpy", new ArrayList<>(),
                new ArrayList<>()) {
            @Override
            public void postRestore(RestoreContext context, BackupOutcome outcome) {
                throw new IllegalStateException("could not reload");
            }
        }, 0);
        BackupMetadata backup = backup(null);
        changeLiveFolders();

        RestoreResult result = bench.restore(backup, staging).folder("config", config).folder("data", data)
                .participant(grumpy).run();

        assertEquals(1, result.warnings().size(), result.warnings().toString());
        assertTrue(result.warnings().get(0).contains("'grumpy'") && result.warnings().get(0).contains(
                "could not reload"), result.warnings().toString());
        assertEquals(configAtBackup, SwapTrees.snapshot(config));
        assertNothingLeftBehind();
    }

    /**
     * The commit cannot be recorded (the journal's file system fails; here a folder takes the journal file's name
     * while postRestore runs, just before the commit): the restore then ends with the old folders in place, as the next
     * start's recovery would leave them anyway, and must say so instead of reporting success.
     */
    @Test
    void aRestoreWhoseJournalCannotBeWrittenFailsWithTheOldFoldersBack() throws Exception {
        Path journalFile = RestoreJournalFolders.forLive(config).resolve(RestoreJournal.FILE_NAME);
        List<String> outcomes = new ArrayList<>();
        TrackedParticipant saboteur = bench.participant(new RecordingParticipant("saboteur", new ArrayList<>(),
                new ArrayList<>()) {
            @Override
            public void preRestore(RestoreContext context) throws IOException {
                // The journal can no longer be replaced: the swap must not start.
                Files.delete(journalFile);
                Files.createDirectory(journalFile);
            }

            @Override
            public void postRestore(RestoreContext context, BackupOutcome outcome) {
                outcomes.add(outcome.toString());
            }
        }, 0);
        BackupMetadata backup = backup(null);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(backup, staging)
                .folder("config", config).folder("data", data).participant(saboteur).run());

        assertTrue(e.getMessage().contains(backup.id()) && e.getMessage().contains("Could not replace the live"
                + " folders"), e.getMessage());
        assertEquals(before.trees(), LiveState.of(config, data).trees(), "the old trees are as they were");
        assertEquals(1, outcomes.size());
        assertTrue(outcomes.get(0).startsWith("failed: "), "participants hear that the restore failed: " + outcomes);
        assertNothingLeftBehind();
    }

    /**
     * As in Karaf: the staging folder lies inside the live data folder, and the runtime's cache is excluded from
     * restores. The backup was made without the cache exclusion, so the archive holds a cache of its own.
     */
    @Test
    void excludedPathsOfTheLiveFolderSurviveTheRestoreAsTheyAre() throws Exception {
        Path innerStaging = data.resolve("backup/staging");
        Files.createDirectories(innerStaging);
        BackupMetadata backup = bench.backup(sources(), List.of(), innerStaging, List.of(), null);
        Map<String, String> dataBackedUp = SwapTrees.snapshot(data);
        configAtBackup = SwapTrees.snapshot(config);
        assertTrue(dataBackedUp.containsKey("cache/blob.bin"), "the archive has its own cache");
        changeLiveFolders();
        Files.writeString(data.resolve("cache/blob.bin"), "live cache");
        Trees.file(data, "cache/more/new.bin", "written by the runtime");
        Trees.file(innerStaging, "keep-me.txt", "staging marker");
        Object cacheInode = inode(data.resolve("cache"));
        Object blobInode = inode(data.resolve("cache/blob.bin"));
        Object markerInode = inode(innerStaging.resolve("keep-me.txt"));
        Map<String, String> liveCache = Trees.snapshot(data.resolve("cache"), Trees.Detail.MODE,
                Trees.Detail.MTIME);

        bench.restore(backup, innerStaging).folder("config", config).folder("data", data).excludes("data/cache")
                .run();

        assertEquals(cacheInode, inode(data.resolve("cache")), "the live cache folder itself is kept");
        assertEquals(blobInode, inode(data.resolve("cache/blob.bin")));
        assertEquals(liveCache, Trees.snapshot(data.resolve("cache"), Trees.Detail.MODE, Trees.Detail.MTIME),
                "not replaced by the archive's cache");
        assertEquals(markerInode, inode(innerStaging.resolve("keep-me.txt")));
        assertEquals(List.of("keep-me.txt"), Trees.list(innerStaging), "the fetched archive is gone");
        assertEquals(without(dataBackedUp, "cache", "backup"), without(SwapTrees.snapshot(data), "cache", "backup"));
        assertTrue(Files.isDirectory(data.resolve("backup"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(configAtBackup, SwapTrees.snapshot(config));
        RestoreTransaction.awaitOldTreeDeletion(RestoreJournalFolders.forLive(config));
        assertEquals(List.of("config", "data"), liveParentListing());
    }

    /*
     * The restore reads the archive once, unpacking each content into the hidden folder beside its live folder as the
     * archive streams in, and learns whether the archive is the one its metadata describes only at its end. The next
     * tests make it fail late, after files were unpacked.
     */
    @Test
    void aDigestMismatchFoundAtTheEndOfTheArchiveLeavesTheLiveFoldersAsTheyWereAndNoHiddenFolder()
            throws Exception {
        BackupMetadata backup = backup(null);
        byte[] bytes = bench.agent.bytes(backup.id());
        // The last byte lies in the tar's closing zero blocks: every content reads well, only the digest differs.
        bytes[bytes.length - 1] ^= 0x01;
        bench.agent.put(backup, bytes);
        changeLiveFolders();
        LiveState before = LiveState.of(config, data);
        AtomicReference<List<String>> hiddenAtTheEnd = new AtomicReference<>();
        bench.agent.atEndOfDownload(() -> hiddenAtTheEnd.set(hiddenFolderFiles(backup.id())));

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(backup, staging)
                .folder("config", config).folder("data", data).run());

        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("SHA-256")
                && e.getMessage().contains("Nothing was restored"), e.getMessage());
        assertTrue(hiddenAtTheEnd.get() != null && hiddenAtTheEnd.get().contains(".config.restore-" + backup.id()
                + "/settings.cfg") && hiddenAtTheEnd.get().contains(".data.restore-" + backup.id()
                        + "/jsondb/items.json"), "both contents were unpacked when the end was reached: "
                                + hiddenAtTheEnd.get());
        before.assertUnchanged();
        assertNothingLeftBehind();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"an unsafe entry last", "the tar cut inside its last file"})
    void aDamagedEntryLateInAContentLeavesTheLiveFoldersAsTheyWereAndNoHiddenFolder(String damage)
            throws Exception {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < LATE; i++) {
            tar.file("good-" + i + ".cfg", "good " + i + "\n");
        }
        byte[] plain;
        if (damage.startsWith("an unsafe")) {
            plain = tar.symlink("evil", "/etc").file("evil/passwd", "owned\n").bytes();
        } else {
            byte[] whole = tar.file("last.bin", new byte[64 * 1024], 0644).bytes();
            // Without the closing blocks and half of the last file's data.
            plain = java.util.Arrays.copyOf(whole, whole.length - 1024 - 32 * 1024);
        }
        String id = BackupIds.newId(Instant.now());
        CraftedArchive crafted = new CraftedArchive(id).content("config", plain);
        byte[] bytes = crafted.bytes();
        BackupMetadata metadata = crafted.metadata(bytes);
        bench.agent.put(metadata, bytes);
        LiveState before = LiveState.of(config, data);
        AtomicReference<List<String>> hiddenAtTheEnd = new AtomicReference<>();
        bench.agent.atEndOfDownload(() -> hiddenAtTheEnd.set(hiddenFolderFiles(id)));

        BackupException e = assertThrows(BackupException.class, () -> bench.restore(metadata, staging)
                .folder("config", config).run());

        assertFalse(e instanceof IncorrectPasswordException, e.getMessage());
        assertTrue(e.getMessage().contains("config") && e.getMessage().toLowerCase(Locale.ROOT).contains(
                "nothing") && e.getMessage().contains(id), e.getMessage());
        assertTrue(hiddenAtTheEnd.get() != null && hiddenAtTheEnd.get().contains(".config.restore-" + id + "/good-"
                + (LATE - 1) + ".cfg"), "the good files were unpacked before the damage was read: "
                        + hiddenAtTheEnd.get());
        before.assertUnchanged();
        assertEquals(List.of(), namesContaining(temp, "passwd"), "nothing unsafe was written anywhere");
        assertNothingLeftBehind();
    }

    @Test
    void theOldTreesAreDeletedAfterTheRestoreHasReturned() throws Exception {
        BackupMetadata backup = backup(null);
        changeLiveFolders();

        bench.restore(backup, staging).folder("config", config).folder("data", data).run();

        assertEquals(configAtBackup, SwapTrees.snapshot(config));
        Path journal = RestoreJournalFolders.forLive(config);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!(liveParentListing().equals(List.of("config", "data")) && !Files.exists(journal))
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL.toNanos());
        }
        assertEquals(List.of("config", "data"), liveParentListing(), "the old trees are deleted");
        assertFalse(Files.exists(journal), "the journal and its folder are removed");
    }

    /** @return the files in the hidden folders of restore {@code id}, as {@code <folder>/<path>} */
    private List<String> hiddenFolderFiles(String id) {
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(runtime)) {
            all.filter(Files::isRegularFile).map(p -> runtime.relativize(p).toString())
                    .filter(p -> p.startsWith(".") && p.contains(".restore-" + id + "/")).forEach(files::add);
        } catch (IOException e) {
            files.add("cannot list " + runtime + ": " + e);
        }
        return files;
    }

    private BackupMetadata backup(String password) throws Exception {
        BackupMetadata m = bench.backup(sources(), List.of(), staging, List.of(), password);
        configAtBackup = SwapTrees.snapshot(config);
        dataAtBackup = SwapTrees.snapshot(data);
        return m;
    }

    private Map<String, Path> sources() {
        Map<String, Path> sources = new LinkedHashMap<>();
        sources.put("config", config);
        sources.put("data", data);
        return sources;
    }

    /** Changes, deletes and adds files, folders, modes and times. */
    private void changeLiveFolders() throws IOException {
        Files.writeString(config.resolve("settings.cfg"), "port=9090\n");
        Files.delete(config.resolve("things/zwave.things"));
        Trees.file(config, "added.txt", "added after the backup");
        SourceTrees.mode(config.resolve("secret/key.pem"), 0644);
        FolderTrees.deleteTree(config.resolve("nested/deeper"));
        SourceTrees.mtime(config.resolve("run.sh"), Instant.now());
        Files.writeString(data.resolve("jsondb/items.json"), "{}");
        Files.delete(data.resolve("persistence/big.bin"));
        Trees.file(data, "persistence/new.bin", "added");
    }

    /** Neither staging nor rollback folders nor a journal are left; the journal's folder may stay, empty. */
    private void assertNothingLeftBehind() throws IOException {
        // After a commit, the old trees are deleted in the background.
        RestoreTransaction.awaitOldTreeDeletion(RestoreJournalFolders.forLive(config));
        assertEquals(List.of("config", "data"), liveParentListing(), "only the live folders are left");
        assertEquals(List.of(), Trees.list(runtime.resolve(RestoreJournalFolders.NAME)), "no journal is left");
        assertEquals(List.of(), Trees.list(staging), "the staging folder is emptied");
    }

    private List<String> liveParentListing() throws IOException {
        try (Stream<Path> names = Files.list(runtime)) {
            return names.map(p -> p.getFileName().toString()).filter(n -> !n.equals(RestoreJournalFolders.NAME))
                    .sorted().toList();
        }
    }

    private static ArchiveLayout layoutOf(byte[] archive) throws IOException {
        Path file = Files.createTempFile("layout", ".tar");
        try {
            Files.write(file, archive);
            return ArchiveLayout.read(file);
        } finally {
            Files.delete(file);
        }
    }

    private static List<String> namesContaining(Path root, String part) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName() != null && p.getFileName().toString().contains(part))
                    .map(Path::toString).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Map<String, String> without(Map<String, String> snapshot, String... prefixes) {
        Map<String, String> rest = new LinkedHashMap<>(snapshot);
        rest.keySet().removeIf(k -> Stream.of(prefixes).anyMatch(p -> k.equals(p) || k.startsWith(p + "/")));
        return rest;
    }

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    private static byte[] halfRandom(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        for (int i = size / 2; i < size; i++) {
            bytes[i] = (byte) (i % 61);
        }
        return bytes;
    }

    /** The live folders as they are: the folders themselves (inodes) and everything in them. */
    private record LiveState(Map<Path, Object> inodes, Map<Path, Map<String, String>> trees) {
        static LiveState of(Path... folders) throws IOException {
            Map<Path, Object> inodes = new LinkedHashMap<>();
            Map<Path, Map<String, String>> trees = new LinkedHashMap<>();
            for (Path f : folders) {
                inodes.put(f, inode(f));
                trees.put(f, Trees.snapshot(f, Trees.Detail.MODE, Trees.Detail.OWNER, Trees.Detail.MTIME));
            }
            return new LiveState(inodes, trees);
        }

        void assertUnchanged() throws IOException {
            for (Path f : inodes.keySet()) {
                assertEquals(inodes.get(f), inode(f), f + " is the same folder");
                assertEquals(trees.get(f), Trees.snapshot(f, Trees.Detail.MODE, Trees.Detail.OWNER,
                        Trees.Detail.MTIME), f + " is unchanged");
            }
        }
    }

    /** Records each call with what it sees: its restored content and the live configuration. */
    private class RecordingParticipant implements BackupParticipant {
        private final String id;
        private final List<String> calls;
        private final List<Path> restoredDirectories;

        RecordingParticipant(String id, List<String> calls, List<Path> restoredDirectories) {
            this.id = id;
            this.calls = calls;
            this.restoredDirectories = restoredDirectories;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void preBackup(BackupContext context) throws Exception {
            // nothing to dump
        }

        @Override
        public void postBackup(BackupContext context, BackupOutcome outcome) {
            // nothing to clean up
        }

        @Override
        public void preRestore(RestoreContext context) throws Exception {
            context.restoredDirectory().ifPresent(restoredDirectories::add);
            calls.add("pre " + id + " contents=" + context.contents() + " dump=" + dump(context.restoredDirectory())
                    + " live=" + settings());
        }

        @Override
        public void postRestore(RestoreContext context, BackupOutcome outcome) throws Exception {
            calls.add("post " + id + " " + (outcome.isSuccess() ? "succeeded" : "failed") + " dump="
                    + dump(context.restoredDirectory()) + " live=" + settings());
        }

        private String dump(Optional<Path> dir) throws IOException {
            if (dir.isEmpty()) {
                return "none";
            }
            Path dump = dir.get().resolve("dump.sql");
            return Files.exists(dump) ? Files.readString(dump) : "missing";
        }

        private String settings() throws IOException {
            return Files.readString(config.resolve("settings.cfg")).trim();
        }
    }
}
