package org.homeautomation.backup.agent.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.Identifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link BackupAgent}, as a JUnit 5 suite. An agent's test extends this class and supplies a fresh
 * agent per test; everything else is inherited:
 *
 * <pre>{@code
 * class NasBackupAgentContractTest extends BackupAgentContractTest<NasBackupAgent> {
 *     protected NasBackupAgent createAgent(Path workDir) {
 *         return new NasBackupAgent("nas", "NAS in the basement", workDir);
 *     }
 * }
 * }</pre>
 *
 * <p>Override {@link #outage(BackupAgent, Path)} when the agent can be cut off from its storage in a test; the checks
 * of an unreachable agent are skipped otherwise. Override {@link #largeUploadSize()} to change the size of the large
 * archive (64 MiB by default).
 *
 * <p>The suite checks behaviour every caller relies on, not how an agent does it: an agent may retry, hard-link a
 * source file, or read the source on a thread of its own. Each test has ten minutes.
 *
 * <p>The checks are plain test methods rather than nested classes, so that test reports carry the name of the agent's
 * test class; their display names start with the part of the contract they check.
 *
 * @param <A> the agent's type
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class BackupAgentContractTest<A extends BackupAgent> {
    /** One mebibyte. */
    protected static final long MIB = 1024L * 1024L;

    /** Not a multiple of any usual buffer size, so that the last chunk of a copy is a partial one. */
    private static final long ARCHIVE_SIZE = MIB + 4099;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Ids no agent may act on: they escape a folder or key prefix, or break the id rules in a less harmful way. */
    private static final List<String> INVALID_IDS = List.of("..", ".", "../x", "../../etc/passwd", "a/b", "/abs",
            "a\\b", "..\\x", "", ".hidden", "-dash-first", "UPPER", "Backup-1", "a".repeat(65), "a b", "a\u0000b",
            "\u00e9t\u00e9", "a:b", "~x", "*");

    private A agent;
    private Path root;
    private Path workDir;
    private Path scratchDir;
    private Outage outage;
    private boolean cutOff;
    private long nextSeed = 1;

    /**
     * Makes the agent under test. Called before every test, with a new folder each time.
     *
     * @param workDir an empty folder the agent may use as it likes; the kit writes nothing there
     * @return a new agent that holds no backups
     * @throws Exception when the agent cannot be made; the test fails
     */
    protected abstract A createAgent(Path workDir) throws Exception;

    /**
     * A way to cut the agent off from its storage. The default offers none, and the suite skips the checks of an
     * unreachable agent.
     *
     * @param agent the agent made by {@link #createAgent(Path)} for this test
     * @param workDir the folder it was made with
     * @return the outage, or empty when the agent cannot be cut off in a test
     * @throws Exception when the outage cannot be prepared; the test fails
     */
    protected Optional<Outage> outage(A agent, Path workDir) throws Exception {
        return Optional.empty();
    }

    /**
     * @return the size in bytes of the archive of the large-upload check; 64 MiB unless overridden
     */
    protected long largeUploadSize() {
        return 64 * MIB;
    }

    /**
     * Releases the agent after a test. The default closes it when it is {@link AutoCloseable}.
     *
     * @param agent the agent made for the test
     * @throws Exception when it cannot be released; the test fails
     */
    protected void disposeAgent(A agent) throws Exception {
        if (agent instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** @return the agent under test in the current test */
    protected final A agent() {
        return agent;
    }

    /**
     * Makes the agent for one test. One temporary folder holds the agent's folder and the kit's own files side by
     * side, so that a write that escapes the agent's folder lands where the kit can see it.
     *
     * @param tempDir the test's temporary folder
     * @throws Exception when the agent or its outage cannot be made
     */
    @BeforeEach
    protected final void createAgentUnderTest(@TempDir Path tempDir) throws Exception {
        root = tempDir;
        workDir = Files.createDirectory(tempDir.resolve("agent"));
        scratchDir = Files.createDirectory(tempDir.resolve("kit"));
        agent = createAgent(workDir);
        assertNotNull(agent, "createAgent(Path) returned null");
        outage = outage(agent, workDir).orElse(null);
    }

    /**
     * Reconnects the agent if a test cut it off, and releases it.
     *
     * @throws Exception when that fails
     */
    @AfterEach
    protected final void disposeAgentUnderTest() throws Exception {
        try {
            if (cutOff) {
                reconnect();
            }
        } finally {
            if (agent != null) {
                disposeAgent(agent);
            }
        }
    }

    // Identity.

    @Test
    @DisplayName("Identity: id() is a valid agent id and name() is not blank")
    void agentIdIsValidAndNameIsNotBlank() {
        assertTrue(Identifiers.isValidAgentId(agent.id()),
                "id() must be valid by Identifiers.isValidAgentId, was \"" + agent.id() + "\"");
        assertNotNull(agent.name(), "name() must not be null");
        assertFalse(agent.name().isBlank(), "name() must not be blank");
    }

    @Test
    @DisplayName("Identity: a new agent lists no backups")
    void newAgentListsNoBackups() throws Exception {
        List<BackupMetadata> listed = agent.list();
        assertNotNull(listed, "list() must not return null");
        assertTrue(listed.isEmpty(), "A new agent must hold no backups, but list() returned " + listed);
    }

    // Round trip: what upload() was given is what list(), get() and download() return.

    @Test
    @DisplayName("Round trip: list(), get() and download() return the metadata and the bytes uploaded")
    void uploadedBackupIsListedGettableAndDownloadable() throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        BackupMetadata metadata = uploaded("round-trip", archive);
        assertHolds(metadata, archive);
    }

    @Test
    @DisplayName("Round trip: progress never decreases and ends at the archive's size")
    void progressNeverDecreasesAndEndsAtSize() throws Exception {
        TestArchive archive = newArchive(4 * MIB + 1);
        ProgressRecorder progress = new ProgressRecorder();
        agent.upload(ArchiveSource.of(archive), metadataFor("progress", archive), progress);
        progress.assertCompleteFor(archive.size());
    }

    @Test
    @DisplayName("Round trip: every stream opened on the source is closed when upload() returns")
    void uploadClosesEverySourceStream() throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        ArchiveSource source = ArchiveSource.of(archive);
        agent.upload(source, metadataFor("closed-streams", archive), new ProgressRecorder());
        assertAllStreamsClosed(source);
    }

    @Test
    @DisplayName("Round trip: an empty archive")
    void emptyArchiveRoundTrips() throws Exception {
        TestArchive archive = newArchive(0);
        BackupMetadata metadata = uploaded("empty", archive);
        assertHolds(metadata, archive);
    }

    @Test
    @DisplayName("Round trip: several backups are listed side by side, each once")
    void severalBackupsAreListedOnceEach() throws Exception {
        Map<String, TestArchive> archives = new TreeMap<>();
        for (String id : List.of("first", "second", "third")) {
            TestArchive archive = newArchive(64 * 1024 + id.length());
            uploaded(id, archive);
            archives.put(id, archive);
        }
        assertEquals(List.copyOf(archives.keySet()), listedIdsCheckingDuplicates());
        for (Map.Entry<String, TestArchive> e : archives.entrySet()) {
            assertHolds(metadataFor(e.getKey(), e.getValue()), e.getValue());
        }
    }

    // Unknown ids: BackupNotFoundException, thrown by the call itself, carrying the id.

    @Test
    @DisplayName("Unknown backup: get() throws BackupNotFoundException")
    void getOfUnknownIdThrowsNotFound() throws Exception {
        uploaded("known", newArchive(1024));
        assertNotFound("unknown", () -> agent.get("unknown"), "get");
    }

    @Test
    @DisplayName("Unknown backup: download() throws BackupNotFoundException")
    void downloadOfUnknownIdThrowsNotFound() throws Exception {
        uploaded("known", newArchive(1024));
        assertNotFound("unknown", () -> agent.download("unknown").close(), "download");
    }

    @Test
    @DisplayName("Unknown backup: delete() throws BackupNotFoundException and deletes nothing")
    void deleteOfUnknownIdThrowsNotFoundAndDeletesNothing() throws Exception {
        TestArchive archive = newArchive(1024);
        BackupMetadata known = uploaded("known", archive);
        assertNotFound("unknown", () -> agent.delete("unknown"), "delete");
        assertEquals(List.of("known"), listedIdsCheckingDuplicates());
        assertHolds(known, archive);
    }

    @Test
    @DisplayName("Unknown backup: the message names the backup and the agent")
    void notFoundMessageNamesBackupAndAgent() {
        BackupNotFoundException e = assertThrows(BackupNotFoundException.class, () -> agent.get("unknown"));
        assertMessageNames(e, "unknown");
    }

    // Failed uploads: BackupAgentException, and the backup is absent as if never uploaded.

    @Test
    @DisplayName("Failed upload: a source whose every stream breaks midway leaves nothing visible")
    void sourceBreakingMidwayLeavesNothingVisible(TestReporter reporter) throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        ArchiveSource source = ArchiveSource.breakingFirstStreams(archive, archive.size() / 2, Integer.MAX_VALUE);
        BackupMetadata metadata = metadataFor("broken-source", archive);
        Optional<Throwable> failure = attemptUpload(source, metadata, new ProgressRecorder());
        reporter.publishEntry("opens", String.valueOf(source.opens()));
        assertAgentFailure(failure, "upload() from a source whose every stream breaks halfway (opened "
                + source.opens() + " times)");
        assertAllStreamsClosed(source);
        assertNotVisible(metadata.id(), "after an upload whose source broke");
    }

    @Test
    @DisplayName("Failed upload: a source that cannot be opened leaves nothing visible")
    void sourceThatCannotBeOpenedLeavesNothingVisible(TestReporter reporter) throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        ArchiveSource source = ArchiveSource.failingFirstOpens(archive, Integer.MAX_VALUE);
        BackupMetadata metadata = metadataFor("unopenable-source", archive);
        Optional<Throwable> failure = attemptUpload(source, metadata, new ProgressRecorder());
        reporter.publishEntry("opens", String.valueOf(source.opens()));
        assertAgentFailure(failure, "upload() from a source that cannot be opened (tried " + source.opens()
                + " times)");
        assertNotVisible(metadata.id(), "after an upload whose source could not be opened");
    }

    @Test
    @DisplayName("Failed upload: interrupted while the source ignores interrupts, it leaves nothing visible")
    void interruptedUploadLeavesNothingVisibleWhenSourceIgnoresInterrupts() throws Exception {
        assertInterruptedUploadFails(Pause.at(ARCHIVE_SIZE / 4), "interrupted-quiet-source");
    }

    @Test
    @DisplayName("Failed upload: interrupted while the source throws InterruptedIOException, it leaves nothing visible")
    void interruptedUploadLeavesNothingVisibleWhenSourceThrows() throws Exception {
        assertInterruptedUploadFails(Pause.interruptiblyAt(ARCHIVE_SIZE / 4), "interrupted-loud-source");
    }

    @Test
    @DisplayName("Failed upload: the same id can be uploaded afterwards")
    void idOfFailedUploadCanBeUploadedAgain() throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        BackupMetadata metadata = metadataFor("retried-later", archive);
        ArchiveSource broken = ArchiveSource.breakingFirstStreams(archive, archive.size() / 2, Integer.MAX_VALUE);
        assertAgentFailure(attemptUpload(broken, metadata, new ProgressRecorder()),
                "upload() from a source that always breaks");
        agent.upload(ArchiveSource.of(archive), metadata, new ProgressRecorder());
        assertHolds(metadata, archive);
    }

    // Retries: an agent may or may not retry a failed read. Either the backup ends up whole (right bytes), or absent
    // (BackupAgentException, nothing visible). The number of opens is published as a report entry.

    @Test
    @DisplayName("Retry: when the first open() fails, the backup ends up whole or absent")
    void firstOpenFailingEndsWholeOrAbsent(TestReporter reporter) throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        assertWholeOrAbsent(ArchiveSource.failingFirstOpens(archive, 1), archive, "first-open-fails", reporter);
    }

    @Test
    @DisplayName("Retry: when the first stream breaks midway, the backup ends up whole or absent")
    void firstStreamBreakingEndsWholeOrAbsent(TestReporter reporter) throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        ArchiveSource source = ArchiveSource.breakingFirstStreams(archive, archive.size() / 2, 1);
        assertWholeOrAbsent(source, archive, "first-stream-breaks", reporter);
    }

    // Concurrency: the manager calls an agent from several threads at once.

    @Test
    @DisplayName("Concurrency: uploads of different backups at the same time do not interfere")
    void simultaneousUploadsDoNotInterfere() throws Exception {
        Map<String, TestArchive> archives = new TreeMap<>();
        List<BackgroundUpload> uploads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "parallel-" + i;
            TestArchive archive = newArchive(2 * MIB + i);
            archives.put(id, archive);
            uploads.add(BackgroundUpload.start(agent, ArchiveSource.of(archive), metadataFor(id, archive),
                    new ProgressRecorder()));
        }
        for (BackgroundUpload upload : uploads) {
            Optional<Throwable> failure = upload.awaitOutcome(WAIT);
            if (failure.isPresent()) {
                fail("One of four simultaneous uploads failed", failure.get());
            }
        }
        assertEquals(List.copyOf(archives.keySet()), listedIdsCheckingDuplicates());
        for (Map.Entry<String, TestArchive> e : archives.entrySet()) {
            assertHolds(metadataFor(e.getKey(), e.getValue()), e.getValue());
        }
    }

    @Test
    @DisplayName("Concurrency: an unfinished upload is not listed, gettable or downloadable")
    void unfinishedUploadIsNotVisible() throws Exception {
        TestArchive earlierArchive = newArchive(4096);
        BackupMetadata earlier = uploaded("earlier", earlierArchive);
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        BackupMetadata metadata = metadataFor("unfinished", archive);
        Pause pause = Pause.at(archive.size() / 2);
        BackgroundUpload upload = BackgroundUpload.start(agent, ArchiveSource.pausing(archive, pause), metadata,
                new ProgressRecorder());
        try {
            pause.awaitReached(WAIT);
            List<String> listed = assertTimeoutPreemptively(WAIT, () -> listedIdsCheckingDuplicates(),
                    "list() must not wait for an upload of another backup to finish");
            assertEquals(List.of("earlier"), listed, "list() during the upload of 'unfinished'");
            assertTimeoutPreemptively(WAIT, () -> assertNotVisible("unfinished", "while its upload runs"));
        } finally {
            pause.resume();
        }
        Optional<Throwable> failure = upload.awaitOutcome(WAIT);
        if (failure.isPresent()) {
            fail("The paused upload failed after it was resumed", failure.get());
        }
        assertHolds(metadata, archive);
        assertHolds(earlier, earlierArchive);
    }

    @Test
    @DisplayName("Concurrency: two downloads of one backup at the same time yield the same bytes")
    void simultaneousDownloadsYieldSameBytes() throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        uploaded("read-twice", archive);
        try (InputStream first = agent.download("read-twice"); InputStream second = agent.download("read-twice")) {
            byte[] a = new byte[8192];
            byte[] b = new byte[8192];
            long offset = 0;
            while (true) {
                int n = first.readNBytes(a, 0, a.length);
                int m = second.readNBytes(b, 0, b.length);
                assertEquals(n, m, "The two streams ended at different lengths after " + offset + " bytes");
                if (n == 0) {
                    break;
                }
                int mismatch = Arrays.mismatch(a, 0, n, b, 0, n);
                if (mismatch >= 0) {
                    fail("The two streams differ at byte " + (offset + mismatch));
                }
                offset += n;
            }
            assertEquals(archive.size(), offset, "length of both downloads");
        }
    }

    // Deletion: gone at once, and a second delete is told so (as the javadoc of delete() says).

    @Test
    @DisplayName("Deletion: a deleted backup is no longer listed, gettable or downloadable")
    void deletedBackupIsGone() throws Exception {
        uploaded("doomed", newArchive(ARCHIVE_SIZE));
        agent.delete("doomed");
        assertNotVisible("doomed", "after delete()");
    }

    @Test
    @DisplayName("Deletion: deleting twice throws BackupNotFoundException")
    void deletingTwiceThrowsNotFound() throws Exception {
        uploaded("doomed", newArchive(4096));
        agent.delete("doomed");
        assertNotFound("doomed", () -> agent.delete("doomed"), "A second delete");
    }

    @Test
    @DisplayName("Deletion: deleting one backup leaves the others whole")
    void deletingOneBackupLeavesOthersWhole() throws Exception {
        TestArchive keptArchive = newArchive(ARCHIVE_SIZE);
        BackupMetadata kept = uploaded("kept", keptArchive);
        uploaded("doomed", newArchive(ARCHIVE_SIZE));
        agent.delete("doomed");
        assertEquals(List.of("kept"), listedIdsCheckingDuplicates());
        assertHolds(kept, keptArchive);
    }

    @Test
    @DisplayName("Deletion: a deleted id can be uploaded again")
    void deletedIdCanBeUploadedAgain() throws Exception {
        uploaded("phoenix", newArchive(4096));
        agent.delete("phoenix");
        TestArchive second = newArchive(8192);
        BackupMetadata metadata = uploaded("phoenix", second);
        assertHolds(metadata, second);
    }

    // Large archives: generated and compared while streaming, on the kit's side at least.

    @Test
    @DisplayName("Large archive: round-trips (size from largeUploadSize())")
    void largeArchiveRoundTrips() throws Exception {
        TestArchive archive = newArchive(largeUploadSize());
        ProgressRecorder progress = new ProgressRecorder();
        BackupMetadata metadata = metadataFor("large", archive);
        ArchiveSource source = ArchiveSource.of(archive);
        agent.upload(source, metadata, progress);
        assertAllStreamsClosed(source);
        progress.assertCompleteFor(archive.size());
        assertHolds(metadata, archive);
    }

    // Ids and names: every valid id and name works; an invalid id is refused before it touches storage.

    @Test
    @DisplayName("Ids: awkward but valid ids round-trip")
    void awkwardValidIdsRoundTrip() throws Exception {
        assertUploadedSideBySide(List.of("a", "7", "a.b", "a..b", "a.", "a-", "a_", "0.0.0", "con", "nul",
                "backup-2024-06-01_12.00.00", "z" + "9.-_".repeat(16).substring(0, 63)));
    }

    @Test
    @DisplayName("Ids: ids that look like an agent's own file names coexist")
    void idsLookingLikeStorageFileNamesCoexist() throws Exception {
        assertUploadedSideBySide(List.of("x", "x.json", "x.tar", "x.tmp", "x.part", "x.partial", "x.meta",
                "x.tar.json", "x.json.tmp", "x.metadata.json", "x.upload", "tmp", "metadata.json"));
    }

    @Test
    @DisplayName("Ids: names, contents and extras in any script round-trip")
    void namesContentsAndExtrasInAnyScriptRoundTrip() throws Exception {
        TestArchive archive = newArchive(2048);
        List<BackupMetadata> variants = List.of(
                archive.metadata("unicode")
                        .name("Sauvegarde d'\u00e9t\u00e9 \u2603 \u65e5\u672c")
                        .runtimeVersion("openHAB 4.2 \u2014 Karaf \u2603")
                        .contents(List.of("donn\u00e9es", "\u65e5\u672c/\u8a2d\u5b9a"))
                        .extra("cl\u00e9 \u2603", "valeur d'\u00e9t\u00e9")
                        .extra("emoji", "\ud83c\udfe0\ud83d\udcbe")
                        .extra("json", "{\"a\": [1, \"b\\\\c\"]}")
                        .extra("empty", "")
                        .build(),
                archive.metadata("punctuation")
                        .name("He said \"hi\" \\ and / <tags> & 100% ; DROP TABLE")
                        .build(),
                archive.metadata("right-to-left")
                        .name("\u0646\u0633\u062e\u0629 \u0627\u062d\u062a\u064a\u0627\u0637\u064a\u0629")
                        .build(),
                archive.metadata("longest-name")
                        .name("\u65e5".repeat(256))
                        .build(),
                archive.metadata("other-values")
                        .createdAt(Instant.EPOCH)
                        .protectedBackup(true)
                        .formatVersion(7)
                        .runtimeVersion("")
                        .contents(List.of())
                        .build());
        for (BackupMetadata metadata : variants) {
            agent.upload(ArchiveSource.of(archive), metadata, new ProgressRecorder());
        }
        for (BackupMetadata metadata : variants) {
            assertHolds(metadata, archive);
        }
    }

    @Test
    @DisplayName("Ids: ids that could escape the agent's storage are refused, and nothing is written")
    // upload() is not called with such ids: BackupMetadata refuses them when it is built or read, so no caller can
    // hand an agent metadata with one (the kit forged it by reflection before API 1.0, tying suites to a field name).
    void idsThatCouldEscapeAreRefusedAndNothingIsWritten() throws Exception {
        TestArchive archive = newArchive(4096);
        BackupMetadata kept = uploaded("kept", archive);
        Path sentinel = Files.writeString(scratchDir.resolve("sentinel"), "must survive");
        List<String> ids = new ArrayList<>(INVALID_IDS);
        // Paths to where the kit looks: relative ones reach the kit's folder from the work folder or a subfolder.
        ids.add(sentinel.toString());
        ids.add(root.resolve("escaped").toString());
        ids.add("../kit/sentinel");
        ids.add("../../kit/sentinel");
        Map<String, String> filesBefore = FolderSnapshot.of(root);
        List<Executable> checks = new ArrayList<>();
        for (String id : ids) {
            String shown = "\"" + id.replace("\u0000", "\\0") + "\"";
            checks.add(() -> assertThrows(BackupAgentException.class, () -> agent.get(id),
                    "get(" + shown + ") must throw BackupAgentException"));
            checks.add(() -> assertThrows(BackupAgentException.class, () -> agent.download(id).close(),
                    "download(" + shown + ") must throw BackupAgentException"));
            checks.add(() -> assertThrows(BackupAgentException.class, () -> agent.delete(id),
                    "delete(" + shown + ") must throw BackupAgentException"));
        }
        assertAll("Calls with invalid ids", checks.stream());
        assertEquals(filesBefore, FolderSnapshot.of(root), "Files changed by calls with invalid ids");
        assertEquals("must survive", Files.readString(sentinel));
        assertEquals(List.of("kept"), listedIdsCheckingDuplicates());
        assertHolds(kept, archive);
    }

    // Sources with a file: an agent may hard-link it, but must neither change it nor depend on it afterwards. (The
    // manager never modifies a source file after handing it over, so modifying it is not checked: with a hard link
    // that would change the stored backup, legitimately.)

    @Test
    @DisplayName("File source: a source that offers a file round-trips, and the file is left as it was")
    void fileSourceRoundTripsAndFileIsLeftAsItWas() throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        Path file = scratchDir.resolve("archive.tar");
        ArchiveSource source = ArchiveSource.ofFile(archive, file);
        BackupMetadata metadata = metadataFor("from-file", archive);
        agent.upload(source, metadata, new ProgressRecorder());
        assertAllStreamsClosed(source);
        assertHolds(metadata, archive);
        assertTrue(Files.isRegularFile(file), "upload() moved or deleted the source file " + file);
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(archive.sha256(), StreamSummary.of(in).sha256(), "upload() changed the source file");
        }
    }

    @Test
    @DisplayName("File source: deleting the source file afterwards does not change the stored backup")
    void deletingSourceFileKeepsStoredBackup() throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        Path file = scratchDir.resolve("archive.tar");
        BackupMetadata metadata = metadataFor("file-deleted", archive);
        agent.upload(ArchiveSource.ofFile(archive, file), metadata, new ProgressRecorder());
        Files.delete(file);
        assertHolds(metadata, archive);
    }

    @Test
    @DisplayName("File source: a source that offers no file is read through open()")
    void sourceWithoutFileIsReadThroughOpen() throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        ArchiveSource source = ArchiveSource.of(archive);
        BackupMetadata metadata = metadataFor("from-stream", archive);
        agent.upload(source, metadata, new ProgressRecorder());
        assertTrue(source.opens() >= 1, "upload() never opened a source that offers no file");
        assertHolds(metadata, archive);
    }

    // Unreachable storage: AgentUnavailableException from every method, nothing half-done once it is back. Skipped
    // when the agent's test offers no outage.

    @Test
    @DisplayName("Unreachable: upload() throws AgentUnavailableException")
    void uploadWhenUnreachableThrowsAgentUnavailable() throws Exception {
        holdOneBackupAndCutOff();
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        ArchiveSource source = ArchiveSource.of(archive);
        assertUnavailable(() -> agent.upload(source, metadataFor("while-cut-off", archive), new ProgressRecorder()),
                "upload");
        assertAllStreamsClosed(source);
    }

    @Test
    @DisplayName("Unreachable: list() throws AgentUnavailableException")
    void listWhenUnreachableThrowsAgentUnavailable() throws Exception {
        holdOneBackupAndCutOff();
        assertUnavailable(() -> agent.list(), "list");
    }

    @Test
    @DisplayName("Unreachable: get() throws AgentUnavailableException")
    void getWhenUnreachableThrowsAgentUnavailable() throws Exception {
        String held = holdOneBackupAndCutOff();
        assertUnavailable(() -> agent.get(held), "get");
    }

    @Test
    @DisplayName("Unreachable: download() throws AgentUnavailableException")
    void downloadWhenUnreachableThrowsAgentUnavailable() throws Exception {
        String held = holdOneBackupAndCutOff();
        assertUnavailable(() -> agent.download(held).close(), "download");
    }

    @Test
    @DisplayName("Unreachable: delete() throws AgentUnavailableException")
    void deleteWhenUnreachableThrowsAgentUnavailable() throws Exception {
        String held = holdOneBackupAndCutOff();
        assertUnavailable(() -> agent.delete(held), "delete");
    }

    @Test
    @DisplayName("Unreachable: once reachable again, nothing of the failed calls shows and a new upload works")
    void afterReconnectingNothingOfFailedCallsShowsAndUploadWorks() throws Exception {
        requireOutage();
        TestArchive heldArchive = newArchive(ARCHIVE_SIZE);
        BackupMetadata held = uploaded("held", heldArchive);
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        BackupMetadata metadata = metadataFor("while-cut-off", archive);
        cutOff();
        assertThrows(AgentUnavailableException.class,
                () -> agent.upload(ArchiveSource.of(archive), metadata, new ProgressRecorder()));
        assertThrows(AgentUnavailableException.class, () -> agent.delete(held.id()));
        reconnect();
        assertEquals(List.of(held.id()), listedIdsCheckingDuplicates(), "backups listed after reconnecting");
        assertHolds(held, heldArchive);
        agent.upload(ArchiveSource.of(archive), metadata, new ProgressRecorder());
        assertHolds(metadata, archive);
    }

    @Test
    @DisplayName("Unreachable: losing the storage during an upload leaves that backup whole or absent")
    void storageLostDuringUploadLeavesBackupWholeOrAbsent(TestReporter reporter) throws Exception {
        requireOutage();
        TestArchive heldArchive = newArchive(4096);
        BackupMetadata held = uploaded("held", heldArchive);
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        BackupMetadata metadata = metadataFor("cut-off-midway", archive);
        Pause pause = Pause.at(archive.size() / 2);
        ArchiveSource source = ArchiveSource.pausing(archive, pause);
        BackgroundUpload upload = BackgroundUpload.start(agent, source, metadata, new ProgressRecorder());
        try {
            pause.awaitReached(WAIT);
            cutOff();
        } finally {
            pause.resume();
        }
        Optional<Throwable> failure = upload.awaitOutcome(WAIT);
        reporter.publishEntry("outcome", failure.map(t -> "failed: " + t).orElse("succeeded"));
        reconnect();
        assertAllStreamsClosed(source);
        if (failure.isPresent()) {
            assertAgentFailure(failure, "upload() that lost its storage midway");
            assertNotVisible(metadata.id(), "after an upload that lost its storage midway");
            assertEquals(List.of(held.id()), listedIdsCheckingDuplicates(), "backups listed after reconnecting");
            agent.upload(ArchiveSource.of(archive), metadata, new ProgressRecorder());
        }
        assertHolds(metadata, archive);
        assertHolds(held, heldArchive);
    }

    private void assertInterruptedUploadFails(Pause pause, String id) throws Exception {
        TestArchive archive = newArchive(ARCHIVE_SIZE);
        ArchiveSource source = ArchiveSource.pausing(archive, pause);
        BackupMetadata metadata = metadataFor(id, archive);
        BackgroundUpload upload = BackgroundUpload.start(agent, source, metadata, new ProgressRecorder());
        pause.awaitReached(WAIT);
        upload.interrupt();
        pause.resume();
        Optional<Throwable> failure = upload.awaitOutcome(WAIT);
        assertAgentFailure(failure, "upload() whose thread was interrupted after " + pause.offset() + " of "
                + archive.size() + " bytes (the contract: the agent stops, removes what it wrote and throws)");
        assertAllStreamsClosed(source);
        assertNotVisible(id, "after an interrupted upload");
    }

    private void assertWholeOrAbsent(ArchiveSource source, TestArchive archive, String id, TestReporter reporter)
            throws Exception {
        BackupMetadata metadata = metadataFor(id, archive);
        ProgressRecorder progress = new ProgressRecorder();
        Optional<Throwable> failure = attemptUpload(source, metadata, progress);
        reporter.publishEntry("opens", String.valueOf(source.opens()));
        reporter.publishEntry("outcome", failure.map(t -> "failed: " + t).orElse("succeeded"));
        assertAllStreamsClosed(source);
        if (failure.isPresent()) {
            assertAgentFailure(failure, "upload() from a source that failed once (opened " + source.opens()
                    + " times)");
            assertNotVisible(id, "after an upload that gave up on a failing source");
        } else {
            assertTrue(source.opens() >= 2, "upload() succeeded although the source's only stream failed ("
                    + source.opens() + " open)");
            assertHolds(metadata, archive);
            progress.assertCompleteFor(archive.size());
        }
    }

    private void assertUploadedSideBySide(List<String> ids) throws Exception {
        Map<String, TestArchive> archives = new TreeMap<>();
        for (String id : ids) {
            TestArchive archive = newArchive(1000 + archives.size());
            archives.put(id, archive);
            try {
                agent.upload(ArchiveSource.of(archive), metadataFor(id, archive), new ProgressRecorder());
            } catch (BackupAgentException e) {
                fail("upload() of backup '" + id + "', a valid id, failed", e);
            }
        }
        assertEquals(List.copyOf(archives.keySet()), listedIdsCheckingDuplicates());
        for (Map.Entry<String, TestArchive> e : archives.entrySet()) {
            assertHolds(metadataFor(e.getKey(), e.getValue()), e.getValue());
        }
    }

    private void requireOutage() {
        assumeTrue(outage != null, "The agent's test offers no outage: override outage(agent, workDir) to run the"
                + " checks of an unreachable agent");
    }

    /** @return the id of the backup held */
    private String holdOneBackupAndCutOff() throws Exception {
        requireOutage();
        String id = uploaded("held", newArchive(4096)).id();
        cutOff();
        return id;
    }

    private void assertUnavailable(Executable call, String method) {
        AgentUnavailableException e = assertThrows(AgentUnavailableException.class, call,
                method + "() of an agent whose storage cannot be reached");
        assertNotNull(e.getMessage(), method + "() threw AgentUnavailableException without a message");
        assertFalse(e.getMessage().isBlank(), method + "() threw AgentUnavailableException with a blank message");
        assertTrue(namesAgent(e.getMessage()), method + "(): the message must name the agent ('" + agent.id()
                + "' or '" + agent.name() + "'), was: " + e.getMessage());
    }

    private TestArchive newArchive(long size) {
        return TestArchive.of(size, nextSeed++);
    }

    private static BackupMetadata metadataFor(String id, TestArchive archive) {
        return archive.metadata(id).build();
    }

    private BackupMetadata uploaded(String id, TestArchive archive) throws Exception {
        BackupMetadata metadata = metadataFor(id, archive);
        ArchiveSource source = ArchiveSource.of(archive);
        agent.upload(source, metadata, new ProgressRecorder());
        assertAllStreamsClosed(source);
        return metadata;
    }

    private Optional<Throwable> attemptUpload(ArchiveSource source, BackupMetadata metadata,
            ProgressRecorder progress) {
        try {
            agent.upload(source, metadata, progress);
            return Optional.empty();
        } catch (Throwable t) {
            return Optional.of(t);
        }
    }

    private void cutOff() throws Exception {
        cutOff = true;
        outage.makeUnreachable();
    }

    private void reconnect() throws Exception {
        outage.makeReachable();
        cutOff = false;
    }

    /** Lists the agent's backup ids, failing when one shows more than once. */
    private List<String> listedIdsCheckingDuplicates() throws BackupAgentException {
        List<BackupMetadata> listed = agent.list();
        assertNotNull(listed, "list() must not return null");
        List<String> ids = listed.stream().map(BackupMetadata::id).sorted().collect(Collectors.toList());
        assertEquals(new TreeSet<>(ids).size(), ids.size(), "list() shows a backup more than once: " + ids);
        return ids;
    }

    private void assertHolds(BackupMetadata metadata, TestArchive archive) throws Exception {
        String id = metadata.id();
        List<BackupMetadata> listed = agent.list().stream().filter(m -> m.id().equals(id)).toList();
        assertEquals(1, listed.size(), "list() must show backup '" + id + "' once, showed it " + listed.size()
                + " times");
        assertEquals(metadata, listed.get(0), "list() must return the metadata given to upload() for '" + id + "'");
        assertEquals(metadata, agent.get(id), "get(\"" + id + "\") must return the metadata given to upload()");
        StreamSummary downloaded;
        try (InputStream in = agent.download(id)) {
            assertNotNull(in, "download(\"" + id + "\") returned null");
            downloaded = StreamSummary.of(in);
        }
        assertEquals(archive.size(), downloaded.size(), "length of download(\"" + id + "\")");
        assertEquals(archive.sha256(), downloaded.sha256(), "SHA-256 of download(\"" + id + "\")");
    }

    private void assertNotVisible(String id, String when) throws BackupAgentException {
        assertFalse(listedIdsCheckingDuplicates().contains(id), "list() shows backup '" + id + "' " + when
                + "; an agent publishes a backup in one atomic step once it is whole");
        assertThrows(BackupNotFoundException.class, () -> agent.get(id),
                "get(\"" + id + "\") " + when + " must throw BackupNotFoundException");
        assertThrows(BackupNotFoundException.class, () -> agent.download(id).close(),
                "download(\"" + id + "\") " + when + " must throw BackupNotFoundException");
    }

    private void assertNotFound(String id, Executable call, String method) {
        BackupNotFoundException e = assertThrows(BackupNotFoundException.class, call,
                method + "() of backup '" + id + "', which the agent does not hold");
        assertEquals(id, e.backupId(), "BackupNotFoundException.backupId() thrown by " + method + "()");
    }

    private void assertMessageNames(BackupAgentException e, String backupId) {
        String message = e.getMessage();
        assertNotNull(message, "The exception has no message");
        assertTrue(message.contains(backupId), "The message must name the backup '" + backupId + "', was: "
                + message);
        assertTrue(namesAgent(message), "The message must name the agent ('" + agent.id() + "' or '" + agent.name()
                + "'), was: " + message);
    }

    private boolean namesAgent(String message) {
        return message.contains(agent.id()) || message.contains(agent.name());
    }

    private static void assertAgentFailure(Optional<Throwable> failure, String what) {
        if (failure.isEmpty()) {
            fail(what + " returned normally; it must throw BackupAgentException");
        }
        if (!(failure.get() instanceof BackupAgentException)) {
            fail(what + " threw " + failure.get().getClass().getName()
                    + "; agents throw only BackupAgentException and its subclasses", failure.get());
        }
    }

    private static void assertAllStreamsClosed(ArchiveSource source) {
        assertEquals(0, source.unclosedStreams(), source.unclosedStreams() + " of the " + source.opens()
                + " streams opened on the source are still open after upload() returned");
    }
}
