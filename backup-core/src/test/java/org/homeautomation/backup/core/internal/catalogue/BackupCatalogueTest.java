package org.homeautomation.backup.core.internal.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.UnknownAgentException;
import org.homeautomation.backup.core.internal.agents.AgentRegistry;
import org.homeautomation.backup.core.internal.create.FailedUploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue merges what the agents hold with the failed uploads, and finds, opens and deletes copies. */
class BackupCatalogueTest {
    private static final String OLDER = "20261201-080000-0000000a";
    private static final String NEWER = "20261202-080000-0000000b";
    private static final String UNKNOWN = "20261203-080000-0000000c";

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AgentRegistry agents = new AgentRegistry(a -> { }, a -> { });
    private long serviceIds;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void listMergesABackupOnTwoAgentsNamesTheAgentThatFailedAndKeepsAFailedUpload() {
        register(ShelfAgent.holding("alpha").hold(metadata(OLDER), bytes("alpha's copy")));
        register(ShelfAgent.unreachable("beta"));
        register(ShelfAgent.holding("gamma").hold(metadata(OLDER), bytes("gamma's longer copy")));
        FailedUploads failures = failedUpload(NEWER, "gamma", "disk full");

        BackupListing listing = catalogue(failures).list();

        assertEquals(List.of(NEWER, OLDER), listing.backups().stream().map(Backup::id).toList());
        Backup failed = listing.backups().get(0);
        assertEquals(Map.of("gamma", "disk full"), failed.failedAgents());
        assertTrue(failed.copies().isEmpty());
        Backup merged = listing.backups().get(1);
        assertEquals(List.of("alpha", "gamma"), List.copyOf(merged.copies().keySet()));
        assertEquals(bytes("alpha's copy").length, merged.metadata().size(), "the first agent gives the metadata");
        assertTrue(merged.failedAgents().isEmpty());
        assertEquals(Set.of("beta"), listing.agentErrors().keySet());
        assertTrue(listing.agentErrors().get("beta").contains("Agent 'beta' (bundle test.bundle) failed unexpectedly"
                + " while listing backups"), listing.agentErrors().get("beta"));
    }

    @Test
    void getMergesTheCopiesOfTheAgentsThatAnswerOrTheFailedUpload() throws BackupException {
        register(ShelfAgent.unreachable("alpha"));
        register(ShelfAgent.holding("beta").hold(metadata(OLDER), bytes("beta's copy")));
        register(ShelfAgent.holding("gamma").hold(metadata(OLDER), bytes("gamma's")));
        register(ShelfAgent.holding("delta"));
        FailedUploads failures = failedUpload(NEWER, "beta", "timed out");
        BackupCatalogue catalogue = catalogue(failures);

        Backup older = catalogue.get(OLDER);
        assertEquals(List.of("beta", "gamma"), List.copyOf(older.copies().keySet()));
        assertEquals(bytes("beta's copy").length, older.metadata().size());

        Backup newer = catalogue.get(NEWER);
        assertEquals(Map.of("beta", "timed out"), newer.failedAgents());
        assertEquals("Backup " + NEWER, newer.metadata().name());

        BackupNotFoundException e = assertThrows(BackupNotFoundException.class, () -> catalogue.get(UNKNOWN));
        assertEquals("There is no backup " + UNKNOWN + " on any agent.", e.getMessage());
    }

    @Test
    void downloadTakesTheFirstAgentThatHoldsTheBackupAndSkipsOneThatDoesNot() throws Exception {
        register(ShelfAgent.holding("alpha"));
        register(ShelfAgent.holding("beta").hold(metadata(OLDER), bytes("beta's copy")));
        register(ShelfAgent.holding("gamma").hold(metadata(OLDER), bytes("gamma's copy")));
        BackupCatalogue catalogue = catalogue(failedUploads());

        assertArrayEquals(bytes("beta's copy"), read(catalogue.download(OLDER, null)));
        assertArrayEquals(bytes("beta's copy"), read(catalogue.download(OLDER, null, null)));
        assertEquals("beta", catalogue.copy(OLDER, null).agent().id());
        assertArrayEquals(bytes("gamma's copy"), read(catalogue.download(OLDER, "gamma")));
        assertEquals("gamma", catalogue.copy(OLDER, "gamma").agent().id());

        assertThrows(BackupNotFoundException.class, () -> catalogue.download(OLDER, "alpha"));
        BackupNotFoundException nowhere = assertThrows(BackupNotFoundException.class,
                () -> catalogue.download(UNKNOWN, null));
        assertEquals("There is no backup " + UNKNOWN + " on any agent.", nowhere.getMessage());
        UnknownAgentException unknown = assertThrows(UnknownAgentException.class,
                () -> catalogue.download(OLDER, "omega"));
        assertEquals("There is no backup agent 'omega'. Registered agents: alpha, beta, gamma.",
                unknown.getMessage());
    }

    @Test
    void anAgentThatFailsIsSkippedAndNamedWhenNoOtherHoldsTheBackup() throws Exception {
        register(ShelfAgent.unreachable("alpha"));
        register(ShelfAgent.holding("beta").hold(metadata(OLDER), bytes("beta's copy")));
        BackupCatalogue catalogue = catalogue(failedUploads());

        assertArrayEquals(bytes("beta's copy"), read(catalogue.download(OLDER, null)));
        assertEquals("beta", catalogue.copy(OLDER, null).agent().id());

        BackupException download = assertThrows(BackupException.class, () -> catalogue.download(UNKNOWN, null));
        assertFalse(download instanceof BackupNotFoundException);
        assertEquals("Could not download backup " + UNKNOWN + ": store of alpha is unreachable",
                download.getMessage());
        BackupException read = assertThrows(BackupException.class, () -> catalogue.copy(UNKNOWN, null));
        assertEquals("Could not read backup " + UNKNOWN + ": store of alpha is unreachable", read.getMessage());
    }

    @Test
    void deleteThatFailsOnOneAgentSaysNotEverywhereAndKeepsTheFailedUpload() throws BackupException {
        ShelfAgent alpha = register(ShelfAgent.holding("alpha").hold(metadata(OLDER), bytes("alpha's copy")));
        register(ShelfAgent.unreachable("beta"));
        FailedUploads failures = failedUpload(OLDER, "gamma", "disk full");

        BackupException e = assertThrows(BackupException.class, () -> catalogue(failures).delete(OLDER, Set.of()));

        assertEquals("Could not delete backup " + OLDER + " everywhere: store of beta is unreachable",
                e.getMessage());
        assertFalse(alpha.holds(OLDER));
        assertTrue(failures.get(OLDER).isPresent(), "forgotten only once deleted everywhere");
    }

    @Test
    void deleteOfABackupNoAgentHoldsIsNotFoundUnlessAFailedUploadIsRemembered() throws BackupException {
        ShelfAgent alpha = register(ShelfAgent.holding("alpha").hold(metadata(OLDER), bytes("alpha's copy")));
        register(ShelfAgent.holding("beta"));
        FailedUploads failures = failedUpload(NEWER, "alpha", "disk full");
        BackupCatalogue catalogue = catalogue(failures);

        BackupNotFoundException anywhere = assertThrows(BackupNotFoundException.class,
                () -> catalogue.delete(UNKNOWN, Set.of()));
        assertEquals("There is no backup " + UNKNOWN + " on any agent.", anywhere.getMessage());
        BackupNotFoundException onBeta = assertThrows(BackupNotFoundException.class,
                () -> catalogue.delete(OLDER, Set.of("beta")));
        assertEquals("There is no backup " + OLDER + " on agents [beta].", onBeta.getMessage());
        assertTrue(alpha.holds(OLDER));

        catalogue.delete(NEWER, Set.of());
        assertTrue(failures.get(NEWER).isEmpty());
        catalogue.delete(OLDER, Set.of("alpha"));
        assertFalse(alpha.holds(OLDER));
    }

    private BackupCatalogue catalogue(FailedUploads failures) {
        return new BackupCatalogue(agents, failures, executor);
    }

    private FailedUploads failedUploads() {
        return FailedUploads.persistedIn(10, dir.resolve("failed-uploads.json"));
    }

    private <A extends BackupAgent> A register(A agent) {
        agents.add(agent, ++serviceIds, 0, "test.bundle");
        return agent;
    }

    /** @return the record of failed uploads, on a real file, holding one backup that failed on one agent */
    private FailedUploads failedUpload(String backupId, String agentId, String reason) {
        FailedUploads failures = failedUploads();
        failures.record(metadata(backupId), Map.of(agentId, reason));
        return failures;
    }

    private static BackupMetadata metadata(String id) {
        return BackupMetadata.builder().id(id).name("Backup " + id)
                .createdAt(Instant.parse(id.startsWith("20261201") ? "2026-12-01T08:00:00Z" : "2026-12-02T08:00:00Z"))
                .size(1).sha256("ab".repeat(32)).contents(List.of("etc")).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
