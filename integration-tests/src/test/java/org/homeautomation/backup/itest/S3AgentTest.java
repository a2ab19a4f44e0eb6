package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.UploadResult;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.VerificationProblem;
import org.homeautomation.backup.api.VerificationResult;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.homeautomation.backup.testsupport.Await;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The S3 agent bundle inside the framework, configured through Config Admin, used through the backup manager next to
 * a local folder agent, against a real S3 server (S3Proxy in a process of its own, see {@link S3ProxyProcess}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class S3AgentTest {
    private static final String ENDPOINT_PROPERTY = "itest.s3.endpoint";
    private static final String STORE_PROPERTY = "itest.s3.store";
    private static final String PID_PROPERTY = "itest.s3.pid";
    private static final String FROZEN_BUCKET = "frozen";
    private static final String HOME_BUCKET = "home-backups";
    private static final String OFFSITE_BUCKET = "offsite";
    private static final String WRONG_SECRET = "not-the-secret-Vb3Jm9Qx";
    /** Above the agents' 5 MiB part size, so that the archive goes up in several parts, two at a time. */
    private static final int LARGE_FILE_BYTES = 11 * 1024 * 1024 + 123;

    @Rule
    public final Osgi osgi = new Osgi(S3AgentTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(S3AgentTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() throws IOException {
        S3ProxyProcess s3 = S3ProxyProcess.forTestClass(S3AgentTest.class,
                List.of(HOME_BUCKET, OFFSITE_BUCKET, FROZEN_BUCKET));
        // The framework runs in this JVM, so the tests inside it read these as system properties.
        return OptionUtils.combine(BundleSet.configuration(S3AgentTest.class),
                systemProperty(ENDPOINT_PROPERTY).value(s3.endpoint().toString()),
                systemProperty(STORE_PROPERTY).value(s3.store().toString()),
                systemProperty(PID_PROPERTY).value(Long.toString(s3.pid())));
    }

    @AfterClass
    public static void stopServer() {
        S3ProxyProcess.stopForTestClass(S3AgentTest.class);
    }

    @Before
    public void needsTarAndZstd() {
        SystemTools.requireTarAndZstd();
    }

    @Test
    public void twoBucketAgentsAndALocalFolderHoldTheSameBackup() throws Exception {
        Path source = SampleTree.write(folder.newFolder("home").toPath());
        writeRandomFile(source.resolve("recordings/history.bin"), LARGE_FILE_BYTES);
        backups.configureSource("home", source, Map.of());
        s3Agent("s3-home", "Home bucket", HOME_BUCKET, "openhab/backups", S3ProxyProcess.SECRET_KEY);
        s3Agent("s3-offsite", "Offsite bucket", OFFSITE_BUCKET, "", S3ProxyProcess.SECRET_KEY);
        Path nasFolder = folder.newFolder("nas").toPath();
        osgi.addFactoryConfiguration(Backups.LOCAL_AGENT_FACTORY_PID,
                Map.of("id", "nas", "name", "NAS", "directory", nasFolder.toString()));
        Set<String> agents = Set.of("s3-home", "s3-offsite", "nas");
        Await.value("agents " + agents, backups::agentIds, ids -> ids.containsAll(agents));
        for (String s3 : List.of("s3-home", "s3-offsite")) {
            assertEquals(s3 + " must come from the S3 bundle", BundleSet.S3_AGENT_BSN,
                    agent(s3).bundleSymbolicName());
        }
        assertEquals("Offsite bucket", agent("s3-offsite").name());

        BackupResult result = backups.run(BackupRequest.builder("To the buckets").agents(agents).build());

        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        assertEquals(agents, result.uploads().keySet());
        String id = result.backupId();
        BackupMetadata metadata = result.metadata().orElseThrow();
        assertTrue("the archive must need several parts: " + metadata.size(), metadata.size() > LARGE_FILE_BYTES);

        BackupListing listing = backups.manager().list();
        assertTrue("no agent may fail to list: " + listing.agentErrors(), listing.agentErrors().isEmpty());
        Backup listed = listing.backups().stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("not listed: " + listing.backups()));
        assertEquals(agents, listed.agentIds());
        assertEquals(metadata, listed.metadata());
        Backup got = backups.manager().get(id);
        assertEquals(agents, got.agentIds());
        assertEquals(metadata, got.metadata());

        Path localCopy = nasFolder.resolve(id + ".tar");
        assertEquals(metadata.sha256(), SystemTools.sha256(localCopy));
        Path store = Path.of(System.getProperty(STORE_PROPERTY));
        // Where the S3 agents put it: each in its bucket, under its prefix.
        assertEquals(-1L, Files.mismatch(localCopy, store.resolve(HOME_BUCKET + "/openhab/backups/" + id + ".tar")));
        assertEquals(-1L, Files.mismatch(localCopy, store.resolve(OFFSITE_BUCKET + "/" + id + ".tar")));
        for (String s3 : List.of("s3-home", "s3-offsite")) {
            Path downloaded = folder.getRoot().toPath().resolve(s3 + ".tar");
            try (InputStream in = backups.manager().download(id, s3)) {
                Files.copy(in, downloaded);
            }
            assertEquals("the download from " + s3 + " must be the local agent's copy, byte for byte", -1L,
                    Files.mismatch(localCopy, downloaded));
        }

        backups.manager().delete(id, Set.of());

        assertThrows(BackupNotFoundException.class, () -> backups.manager().get(id));
        assertFalse(backups.manager().list().backups().stream().anyMatch(b -> b.id().equals(id)));
        for (String s3 : List.of("s3-home", "s3-offsite")) {
            assertThrows(BackupNotFoundException.class, () -> backups.manager().download(id, s3).close());
        }
        assertFalse(Files.exists(localCopy));
        assertEquals("no object of the backup may be left in the buckets", List.of(), filesNaming(store, id));
    }

    @Test
    public void verifyFindsEachKindOfDamageOfACopyInTheBucketAndTheOtherCopyStaysWhole() throws Exception {
        backups.configureSource("garden", SampleTree.write(folder.newFolder("garden").toPath()), Map.of());
        s3Agent("s3-verify", "Verified bucket", HOME_BUCKET, "verify", S3ProxyProcess.SECRET_KEY);
        osgi.addFactoryConfiguration(Backups.LOCAL_AGENT_FACTORY_PID,
                Map.of("id", "shelf", "directory", folder.newFolder("shelf").toString()));
        Await.value("agents s3-verify and shelf", backups::agentIds, ids -> ids.containsAll(Set.of("s3-verify",
                "shelf")));
        BackupVerifier verifier = osgi.service(BackupVerifier.class);
        String id = backups.run(BackupRequest.builder("To verify").agents("s3-verify", "shelf").build()).backupId();
        Path object = Path.of(System.getProperty(STORE_PROPERTY)).resolve(HOME_BUCKET + "/verify/" + id + ".tar");
        byte[] original = Files.readAllBytes(object);

        List<VerificationResult> intact = verifier.verifyAll(id, null);
        assertEquals(List.of("s3-verify", "shelf").stream().sorted().toList(),
                intact.stream().map(VerificationResult::agentId).sorted().toList());
        for (VerificationResult r : intact) {
            assertTrue(r.toString(), r.ok() && r.contentsChecked() && r.entriesRead() > 3);
        }

        byte[] flipped = original.clone();
        flipped[flipped.length / 2] ^= (byte) 0xff;
        Files.write(object, flipped);
        VerificationResult flip = verifier.verify(id, "s3-verify", null);
        assertEquals(flip.toString(), VerificationProblem.Kind.DIGEST_MISMATCH, flip.problems().get(0).kind());
        assertTrue(flip.toString(), kinds(flip).contains(VerificationProblem.Kind.UNREADABLE_ENTRY));
        assertTrue("the other copy is whole", verifier.verify(id, "shelf", null).ok());

        Files.write(object, java.util.Arrays.copyOf(original, original.length * 2 / 3));
        VerificationResult cut = verifier.verify(id, "s3-verify", null);
        assertEquals(cut.toString(), VerificationProblem.Kind.TRUNCATED, cut.problems().get(0).kind());
        assertTrue(cut.toString(), cut.problems().get(0).message().contains("s3-verify"));

        Files.write(object, withoutContent(original, "garden"));
        VerificationResult removed = verifier.verify(id, "s3-verify", null);
        assertTrue(removed.toString(), kinds(removed).contains(VerificationProblem.Kind.MISSING_CONTENT));

        Files.write(object, original);
        assertTrue("the copy put back is whole again", verifier.verify(id, "s3-verify", null).ok());

        String protectedId = backups.run(BackupRequest.builder("Protected, to verify").agents("s3-verify")
                .password("bucket words".toCharArray()).build()).backupId();
        Path protectedObject = object.resolveSibling(protectedId + ".tar");
        byte[] sealed = Files.readAllBytes(protectedObject);
        sealed[sealed.length / 2] ^= (byte) 0xff;
        Files.write(protectedObject, sealed);
        VerificationResult chunk = verifier.verify(protectedId, "s3-verify", "bucket words".toCharArray());
        assertTrue(chunk.toString(), kinds(chunk).contains(VerificationProblem.Kind.DAMAGED_CIPHERTEXT));
        VerificationResult withoutPassword = verifier.verify(protectedId, "s3-verify", null);
        assertEquals(withoutPassword.toString(), List.of(VerificationProblem.Kind.DIGEST_MISMATCH),
                kinds(withoutPassword));
        assertFalse(withoutPassword.contentsChecked());

        backups.manager().delete(id, Set.of());
        backups.manager().delete(protectedId, Set.of());
    }

    private static List<VerificationProblem.Kind> kinds(VerificationResult result) {
        return result.problems().stream().map(VerificationProblem::kind).toList();
    }

    /** @return the archive rewritten without the content's entry, as a store that lost an object part would */
    private static byte[] withoutContent(byte[] archive, String content) throws IOException {
        java.io.ByteArrayOutputStream rewritten = new java.io.ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(archive));
                TarArchiveOutputStream out = new TarArchiveOutputStream(rewritten)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!e.getName().startsWith(content + ".tar.zst")) {
                    out.putArchiveEntry(e);
                    in.transferTo(out);
                    out.closeArchiveEntry();
                }
            }
        }
        return rewritten.toByteArray();
    }

    @Test
    public void aWrongSecretFailsThatAgentOnlyAndIsNotShown() throws Exception {
        backups.configureSource("notes", SampleTree.write(folder.newFolder("notes").toPath()), Map.of());
        s3Agent("s3-good", "Good bucket", HOME_BUCKET, "good", S3ProxyProcess.SECRET_KEY);
        s3Agent("s3-wrong", "Wrong secret", OFFSITE_BUCKET, "wrong", WRONG_SECRET);
        osgi.addFactoryConfiguration(Backups.LOCAL_AGENT_FACTORY_PID,
                Map.of("id", "usb", "directory", folder.newFolder("usb").toString()));
        Set<String> agents = Set.of("s3-good", "s3-wrong", "usb");
        Await.value("agents " + agents, backups::agentIds, ids -> ids.containsAll(agents));

        BackupResult result = backups.run(BackupRequest.builder("One bad secret").agents(agents).build());

        assertEquals(result.toString(), BackupResult.Status.PARTIALLY_FAILED, result.status());
        assertTrue(result.toString(), result.uploads().get("s3-good").isSuccess());
        assertTrue(result.toString(), result.uploads().get("usb").isSuccess());
        UploadResult wrong = result.uploads().get("s3-wrong");
        assertFalse(result.toString(), wrong.isSuccess());
        String reason = wrong.failureReason().orElseThrow();
        assertTrue("the reason must name the agent and the credentials: " + reason,
                reason.contains("s3-wrong") && reason.contains("rejected the credentials"));
        assertFalse("the reason must not contain the secret: " + reason, reason.contains(WRONG_SECRET));

        Backup backup = backups.manager().get(result.backupId());
        assertEquals(Set.of("s3-good", "usb"), backup.agentIds());
        assertEquals(Set.of("s3-wrong"), backup.failedAgents().keySet());
        BackupListing listing = backups.manager().list();
        String listingError = listing.agentErrors().get("s3-wrong");
        assertTrue("listing with the wrong secret must fail and say why: " + listing.agentErrors(),
                listingError != null && listingError.contains("rejected the credentials"));
        assertFalse(listingError.contains(WRONG_SECRET));

        backups.manager().delete(result.backupId(), Set.of("s3-good", "usb"));
        assertEquals(List.of(), filesNaming(Path.of(System.getProperty(STORE_PROPERTY)), result.backupId()));
    }

    @Test
    public void aFrozenStoreFailsThatAgentWithinTheStallTimeoutAndTheBackupCompletesElsewhere() throws Exception {
        Path source = folder.newFolder("frozen-home").toPath();
        writeRandomFile(source.resolve("big.bin"), 96 * 1024 * 1024);
        backups.configureSource("big", source, Map.of());
        Map<String, Object> frozen = s3Properties("s3-frozen", "Frozen store", FROZEN_BUCKET, "home",
                S3ProxyProcess.SECRET_KEY);
        // Parts larger than the loopback socket buffers take, so that sending blocks once the store stops reading.
        frozen.put("partSizeMiB", 32);
        frozen.put("timeoutSeconds", 5);
        frozen.put("stallTimeoutSeconds", 5);
        osgi.addFactoryConfiguration(Backups.S3_AGENT_FACTORY_PID, frozen);
        osgi.addFactoryConfiguration(Backups.LOCAL_AGENT_FACTORY_PID,
                Map.of("id", "usb-frozen", "directory", folder.newFolder("usb-frozen").toString()));
        Set<String> agents = Set.of("s3-frozen", "usb-frozen");
        Await.value("agents " + agents, backups::agentIds, ids -> ids.containsAll(agents));
        Path bucket = Path.of(System.getProperty(STORE_PROPERTY)).resolve(FROZEN_BUCKET);

        BackupJob job = backups.start(BackupRequest.builder("Into a frozen store").agents(agents).build());
        // S3Proxy's file-system store keeps a multipart upload in a folder named .mpus-<upload id>-<key>.
        Await.until("the multipart upload to begin", () -> filesNamingQuietly(bucket, ".mpus-").stream()
                .anyMatch(f -> bucket.relativize(f).toString().contains(".mpus-")), Duration.ofSeconds(60));
        signalStore("STOP");
        long frozenAt = System.nanoTime();
        BackupResult result;
        try {
            result = Await.completion("backup " + job.backupId(), job.completion(), Duration.ofSeconds(60));
        } finally {
            signalStore("CONT");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - frozenAt);

        assertEquals(result.toString(), BackupResult.Status.PARTIALLY_FAILED, result.status());
        assertTrue(result.toString(), result.uploads().get("usb-frozen").isSuccess());
        String reason = result.uploads().get("s3-frozen").failureReason().orElseThrow();
        assertTrue("the S3 upload must fail within the stall timeout (5 s) and a margin, not after " + took,
                took.compareTo(Duration.ofSeconds(5 + 15)) < 0);
        assertTrue("the reason must name the agent, the store, the setting and what to check: " + reason,
                reason.contains("s3-frozen") && reason.contains(System.getProperty(ENDPOINT_PROPERTY))
                        && reason.contains("stallTimeoutSeconds") && reason.contains("check that the store is running"));
        assertFalse(reason.contains(S3ProxyProcess.SECRET_KEY));
        Await.until("the manager to be idle", () -> backups.manager().state() == ManagerState.IDLE);
        Backup backup = backups.manager().get(result.backupId());
        assertEquals(Set.of("usb-frozen"), backup.agentIds());
        BackupListing listing = Await.value("a listing without errors", () -> backups.manager().list(),
                l -> l.agentErrors().isEmpty(), Duration.ofSeconds(60));
        assertTrue("the failed backup must not be listed on the frozen store",
                listing.backups().stream().filter(b -> b.id().equals(result.backupId()))
                        .allMatch(b -> b.agentIds().equals(Set.of("usb-frozen"))));
        assertEquals("no metadata object of the failed backup may be published", List.of(),
                filesNaming(bucket, result.backupId() + ".json"));
        Await.until("no object and no part of the failed backup is left once the store is back",
                () -> filesNamingQuietly(bucket, result.backupId()).isEmpty(), Duration.ofSeconds(60));
    }

    @Test
    public void invalidConfigurationsAreListedAsUnavailableWithWhatToFix() throws Exception {
        Map<String, Map<String, Object>> configurations = new HashMap<>();
        Map<String, Object> noSecret = s3Properties("s3-no-secret", "No secret", HOME_BUCKET, "", "");
        noSecret.remove("secretKey");
        configurations.put("s3-no-secret", noSecret);
        Map<String, Object> smallParts = s3Properties("s3-small-parts", "Small parts", HOME_BUCKET, "",
                S3ProxyProcess.SECRET_KEY);
        smallParts.put("partSizeMiB", 3);
        configurations.put("s3-small-parts", smallParts);
        Map<String, Object> busy = s3Properties("s3-busy", "Too many", HOME_BUCKET, "", S3ProxyProcess.SECRET_KEY);
        busy.put("concurrency", 33);
        configurations.put("s3-busy", busy);
        Map<String, Object> ftp = s3Properties("s3-ftp", "FTP", HOME_BUCKET, "", S3ProxyProcess.SECRET_KEY);
        ftp.put("endpoint", "ftp://nas.home.arpa:21");
        configurations.put("s3-ftp", ftp);
        Map<String, String> pids = new HashMap<>();
        for (Map.Entry<String, Map<String, Object>> c : configurations.entrySet()) {
            pids.put(c.getKey(), osgi.addFactoryConfiguration(Backups.S3_AGENT_FACTORY_PID, c.getValue()).getPid());
        }
        Map<String, Object> badId = s3Properties("Not An Id!", "Bad id", HOME_BUCKET, "", S3ProxyProcess.SECRET_KEY);
        String badIdPid = osgi.addFactoryConfiguration(Backups.S3_AGENT_FACTORY_PID, badId).getPid();
        String badIdAgent = "s3-config-" + badIdPid.substring(badIdPid.lastIndexOf('.') + 1);
        pids.put(badIdAgent, badIdPid);
        Await.value("all configurations listed as agents", backups::agentIds, ids -> ids.containsAll(pids.keySet()));

        Map<String, String> errors = backups.manager().list().agentErrors();
        Map<String, List<String>> expected = Map.of(
                "s3-no-secret", List.of("the secret key is missing", "'secretKey'", "'secretKeyFile'"),
                "s3-small-parts", List.of("'partSizeMiB' is 3; it must be between 5 and 1024"),
                "s3-busy", List.of("'concurrency' is 33; it must be between 1 and 32"),
                "s3-ftp", List.of("'endpoint' \"ftp://nas.home.arpa:21\" must be an http:// or https:// URL"),
                badIdAgent, List.of("'id'", "Not An Id!"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            String reason = errors.get(e.getKey());
            assertTrue(e.getKey() + " must be unavailable with a reason: " + errors, reason != null);
            assertTrue(e.getKey() + ": the reason must name the configuration " + pids.get(e.getKey()) + ": "
                    + reason, reason.contains(pids.get(e.getKey())));
            for (String part : e.getValue()) {
                assertTrue(e.getKey() + ": the reason must say " + part + ": " + reason, reason.contains(part));
            }
            assertFalse(reason.contains(S3ProxyProcess.SECRET_KEY));
        }
    }

    private static void signalStore(String signal) throws IOException, InterruptedException {
        String pid = System.getProperty(PID_PROPERTY);
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertEquals("kill -" + signal + " " + pid, 0, kill.waitFor());
    }

    private static List<Path> filesNamingQuietly(Path store, String part) {
        try {
            return filesNaming(store, part);
        } catch (IOException | java.io.UncheckedIOException e) {
            // The store changed while walking it: say so, which the callers take for "not yet".
            return List.of(store.resolve("(changed while listing)"));
        }
    }

    private void s3Agent(String id, String name, String bucket, String prefix, String secretKey) throws IOException {
        osgi.addFactoryConfiguration(Backups.S3_AGENT_FACTORY_PID, s3Properties(id, name, bucket, prefix, secretKey));
    }

    private static Map<String, Object> s3Properties(String id, String name, String bucket, String prefix,
            String secretKey) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", id);
        properties.put("name", name);
        properties.put("bucket", bucket);
        properties.put("prefix", prefix);
        properties.put("endpoint", System.getProperty(ENDPOINT_PROPERTY));
        properties.put("pathStyle", Boolean.TRUE);
        properties.put("accessKey", S3ProxyProcess.ACCESS_KEY);
        properties.put("secretKey", secretKey);
        properties.put("partSizeMiB", 5);
        properties.put("concurrency", 2);
        properties.put("timeoutSeconds", 20);
        return properties;
    }

    private AgentInfo agent(String id) {
        return backups.manager().agents().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("No agent " + id + " in " + backups.agentIds()));
    }

    private static void writeRandomFile(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        Files.write(file, bytes);
    }

    /** @return the files in the S3 store whose names contain the backup id: its objects, or parts of them */
    private static List<Path> filesNaming(Path store, String backupId) throws IOException {
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).filter(f -> store.relativize(f).toString().contains(backupId))
                    .collect(Collectors.toList());
        }
    }
}
