package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackupTest {
    private static final BackupMetadata CLEAR = BackupMetadata.builder().id("20261128-014500-3fa2b1c9").name("Nightly")
            .createdAt(Instant.parse("2026-11-28T01:45:00Z")).size(100).sha256("ab".repeat(32)).build();
    private static final BackupMetadata LOCKED = CLEAR.toBuilder().protectedBackup(true).size(132)
            .sha256("cd".repeat(32)).build();

    @Test
    void agentIdsGiveEveryAgentACopyDescribedByTheMetadataSetAfterThem() {
        Backup backup = Backup.builder().agentIds(List.of("nas", "local")).metadata(CLEAR).build();

        assertEquals(Set.of("local", "nas"), backup.agentIds());
        assertEquals(List.of("local", "nas"), List.copyOf(backup.agentIds()), "sorted");
        assertEquals(Map.of("local", CLEAR, "nas", CLEAR), backup.copies());
        assertEquals(Map.of(), backup.failedAgents());
        assertEquals(CLEAR.id(), backup.id());
        assertEquals("Backup[" + CLEAR.id() + " on [local, nas]]", backup.toString());
    }

    @Test
    void copiesMayDifferAndTheLastOfAgentIdsOrCopiesWins() {
        Backup backup = Backup.builder().metadata(CLEAR).agentIds(Set.of("usb"))
                .copies(Map.of("nas", LOCKED, "local", CLEAR)).failedAgents(Map.of("usb", "not mounted")).build();

        assertEquals(Map.of("local", CLEAR, "nas", LOCKED), backup.copies());
        assertEquals(Set.of("local", "nas"), backup.agentIds());
        assertEquals(Map.of("usb", "not mounted"), backup.failedAgents());
        assertTrue(backup.toString().endsWith(", failed on [usb]]"), backup.toString());

        assertEquals(Set.of("usb"), Backup.builder().metadata(CLEAR).copies(Map.of("nas", LOCKED))
                .agentIds(Set.of("usb")).build().copies().keySet());
    }

    @Test
    void missingOrNullPartsAreRefusedByName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Backup.builder().agentIds(Set.of("local")).build());
        assertEquals("metadata", e.getMessage());

        Map<String, BackupMetadata> nullCopy = new HashMap<>();
        nullCopy.put("nas", null);
        e = assertThrows(NullPointerException.class, () -> Backup.builder().copies(nullCopy));
        assertTrue(e.getMessage().contains("'nas'"), e.getMessage());

        Map<String, String> nullReason = new HashMap<>();
        nullReason.put("usb", null);
        e = assertThrows(NullPointerException.class, () -> Backup.builder().failedAgents(nullReason));
        assertTrue(e.getMessage().contains("'usb'"), e.getMessage());

        List<String> nullId = new ArrayList<>();
        nullId.add(null);
        e = assertThrows(NullPointerException.class, () -> Backup.builder().agentIds(nullId));
        assertTrue(e.getMessage().contains("agentIds"), e.getMessage());
    }

    @Test
    void aCopyOfAnotherBackupIsRefusedNamingTheAgent() {
        BackupMetadata other = CLEAR.toBuilder().id("20261128-014500-00000000").build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backup.builder().metadata(CLEAR).copies(Map.of("nas", other)).build());
        assertTrue(e.getMessage().contains("'nas'") && e.getMessage().contains(other.id()), e.getMessage());
    }

    @Test
    void laterChangesToTheGivenCollectionsOrTheBuilderDoNotReachTheBackup() {
        List<String> agents = new ArrayList<>(List.of("local"));
        Map<String, String> failed = new HashMap<>(Map.of("usb", "not mounted"));
        Backup.Builder builder = Backup.builder().metadata(CLEAR).agentIds(agents).failedAgents(failed);
        Backup backup = builder.build();

        agents.add("nas");
        failed.clear();
        builder.agentIds(Set.of("other")).failedAgents(Map.of());

        assertEquals(Set.of("local"), backup.agentIds());
        assertEquals(Map.of("usb", "not mounted"), backup.failedAgents());
        assertThrows(UnsupportedOperationException.class, () -> backup.agentIds().add("nas"));
        assertThrows(UnsupportedOperationException.class, () -> backup.copies().clear());
        assertThrows(UnsupportedOperationException.class, () -> backup.failedAgents().clear());
    }
}
