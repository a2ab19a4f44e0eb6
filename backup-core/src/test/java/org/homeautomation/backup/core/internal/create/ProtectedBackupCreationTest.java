package org.homeautomation.backup.core.internal.create;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.archive.UnprotectedArchiveStream;
import org.homeautomation.backup.core.internal.archive.UnreadableFilePolicy;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.support.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup with a password, uploaded to agents that store it protected and to one configured as unprotected: one
 * staging archive, encrypted on the fly for the protected agents, with its own size and digest.
 */
class ProtectedBackupCreationTest {
    private static final String PASSWORD = "Tür zu, Licht aus";

    @TempDir
    Path temp;

    private final ExecutorService participants = Executors.newCachedThreadPool();
    private final ExecutorService uploads = Executors.newCachedThreadPool();
    private Path source;
    private Path staging;
    private long serviceIds;

    @BeforeEach
    void createSource() throws IOException {
        source = Files.createDirectories(temp.resolve("source"));
        Files.writeString(source.resolve("settings.cfg"), "answer = 42\n");
        Files.createDirectories(source.resolve("nested/deeper"));
        Files.writeString(source.resolve("nested/deeper/état.json"), "{\"on\": true}");
        byte[] big = new byte[300 * 1024];
        new java.util.Random(5).nextBytes(big);
        Files.write(source.resolve("nested/random.bin"), big);
        staging = temp.resolve("staging");
    }

    @AfterEach
    void stop() {
        participants.shutdownNow();
        uploads.shutdownNow();
    }

    @Test
    void protectedAgentsGetTheEncryptedArchiveWithItsOwnSizeAndDigestAndTheUnprotectedOneTheClearArchive()
            throws Exception {
        List<byte[]> reads = Collections.synchronizedList(new ArrayList<>());
        // Reads the source twice before storing it (a third read), as an agent that retries would.
        TestAgent nas = new TestAgent("nas", source -> {
            reads.add(readAll(source));
            reads.add(readAll(source));
        });
        TestAgent local = new TestAgent("local", null);
        Optional<Password> password = Password.of(PASSWORD.toCharArray());

        BackupResult r = run(List.of(track(nas), track(local)), Set.of("local"), password);

        assertEquals(BackupResult.Status.SUCCEEDED, r.status(), r.toString());
        String id = r.backupId();
        byte[] encrypted = nas.stored.get(id);
        BackupMetadata encryptedMeta = nas.metadata.get(id);
        assertTrue(encryptedMeta.isProtected());
        assertEquals(encrypted.length, encryptedMeta.size());
        assertEquals(sha256(encrypted), encryptedMeta.sha256());
        assertEquals(2, reads.size());
        assertArrayEquals(reads.get(0), encrypted, "every read of the protected source gives the same bytes");
        assertArrayEquals(reads.get(1), encrypted, "every read of the protected source gives the same bytes");

        byte[] clear = local.stored.get(id);
        BackupMetadata clearMeta = local.metadata.get(id);
        assertFalse(clearMeta.isProtected());
        assertEquals(clear.length, clearMeta.size());
        assertEquals(sha256(clear), clearMeta.sha256());
        assertEquals(r.metadata().orElseThrow(), clearMeta, "the result describes the clear copy as well");
        assertEquals(clearMeta.toBuilder().protectedBackup(true).size(encrypted.length).sha256(sha256(encrypted))
                .build(), encryptedMeta, "the metadata differ only in protection, size and digest");

        assertEquals(List.of("backup.json", "config.tar.zst"), outerNames(clear));
        assertEquals(List.of("backup.json", "config.tar.zst.age"), outerNames(encrypted));
        try (InputStream decrypted = UnprotectedArchiveStream.open(new ByteArrayInputStream(encrypted), id,
                PASSWORD.toCharArray(), AgeDecryptingInputStream.DEFAULT_MAX_LOG_N)) {
            assertArrayEquals(clear, decrypted.readAllBytes(), "the clear copy is the staging archive unchanged,"
                    + " and the protected one decrypts to it");
        }

        String json = backupJson(encrypted);
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) Json.parse(json);
        assertEquals(Boolean.TRUE, fields.get("protected"));
        assertEquals(Set.of("id", "name", "createdAt", "protected", "formatVersion", "runtimeVersion", "contents",
                "extras"), fields.keySet(), "no key material");
        assertFalse(new String(encrypted, StandardCharsets.ISO_8859_1).contains(new String(PASSWORD.getBytes(
                StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)), "the password is nowhere in the archive");
        assertFalse(ArchiveManifest.fromJson(backupJson(clear)).protectedBackup());
        assertTrue(Files.notExists(staging.resolve(id)), "staging is emptied");
        assertTrue(isWiped(password.get()), "the password is wiped after the backup");
    }

    @Test
    void withEveryAgentProtectedTheResultDescribesTheProtectedBackup() throws Exception {
        TestAgent a = new TestAgent("a", null);
        TestAgent b = new TestAgent("b", null);

        BackupResult r = run(List.of(track(a), track(b)), Set.of(), Password.of(PASSWORD.toCharArray()));

        assertEquals(BackupResult.Status.SUCCEEDED, r.status(), r.toString());
        BackupMetadata m = r.metadata().orElseThrow();
        assertTrue(m.isProtected());
        assertArrayEquals(a.stored.get(r.backupId()), b.stored.get(r.backupId()), "one protected form for all");
        assertEquals(sha256(a.stored.get(r.backupId())), m.sha256());
        assertEquals(m, a.metadata.get(r.backupId()));
    }

    @Test
    void withEveryAgentUnprotectedThePasswordChangesNothing() throws Exception {
        TestAgent a = new TestAgent("a", null);

        BackupResult r = run(List.of(track(a)), Set.of("a"), Password.of(PASSWORD.toCharArray()));

        assertEquals(BackupResult.Status.SUCCEEDED, r.status(), r.toString());
        assertFalse(a.metadata.get(r.backupId()).isProtected());
        assertEquals(List.of("backup.json", "config.tar.zst"), outerNames(a.stored.get(r.backupId())));
    }

    @Test
    void withoutAPasswordNoAgentGetsAProtectedBackup() throws Exception {
        TestAgent a = new TestAgent("a", null);

        BackupResult r = run(List.of(track(a)), Set.of(), Optional.empty());

        assertFalse(a.metadata.get(r.backupId()).isProtected());
        assertEquals(List.of("backup.json", "config.tar.zst"), outerNames(a.stored.get(r.backupId())));
    }

    private TrackedAgent track(TestAgent agent) {
        return new TrackedAgent(agent.id(), agent.name(), "test.bundle", 0, ++serviceIds, agent);
    }

    private BackupResult run(List<TrackedAgent> agents, Set<String> unprotected, Optional<Password> password)
            throws Exception {
        ManagerSettings settings = new ManagerSettings(Map.of("config", source), List.of(), staging, 3, 1,
                Duration.ofSeconds(30), UnreadableFilePolicy.FAIL, unprotected);
        Instant now = Instant.now();
        BackupPlan plan = new BackupPlan(BackupIds.newId(now), "protected test", now, agents, settings.sources(),
                List.of(), settings, Map.of(), password);
        BackupCreation creation = BackupCreation.of(plan, new BackupCreation.Services(participants, uploads,
                new EventPublisher(), new FailedUploads(10), "test runtime", run -> {
                }), () -> {
                });
        Thread t = new Thread(creation, "test-backup");
        t.start();
        return creation.job().completion().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private static byte[] readAll(BackupSource source) throws IOException {
        try (InputStream in = source.open()) {
            byte[] bytes = in.readAllBytes();
            assertEquals(source.size(), bytes.length, "the source's size is what it yields");
            return bytes;
        }
    }

    private static List<String> outerNames(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static String backupJson(byte[] archive) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            TarArchiveEntry first = in.getNextEntry();
            assertEquals("backup.json", first.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean isWiped(Password password) {
        for (char c : password.chars()) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
