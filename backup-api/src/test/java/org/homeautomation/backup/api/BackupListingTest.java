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

class BackupListingTest {
    private static Backup backup(String id) {
        return Backup.builder().metadata(BackupMetadata.builder().id(id).name("Nightly")
                .createdAt(Instant.parse("2026-11-28T01:45:00Z")).size(1).sha256("ab".repeat(32)).build())
                .agentIds(Set.of("local")).build();
    }

    @Test
    void keepsTheBackupsInTheGivenOrderAndSortsTheErrorsByAgent() {
        Backup newer = backup("20261128-014500-00000002");
        Backup older = backup("20261128-014500-00000001");
        List<Backup> backups = new ArrayList<>(List.of(newer, older));
        Map<String, String> errors = new HashMap<>(Map.of("usb", "not mounted", "nas", "refused"));

        BackupListing listing = BackupListing.of(backups, errors);
        backups.clear();
        errors.clear();

        assertEquals(List.of(newer, older), listing.backups());
        assertEquals(List.of("nas", "usb"), List.copyOf(listing.agentErrors().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> listing.backups().clear());
        assertThrows(UnsupportedOperationException.class, () -> listing.agentErrors().clear());
    }

    @Test
    void missingPartsAreRefusedByName() {
        assertEquals("backups",
                assertThrows(NullPointerException.class, () -> BackupListing.of(null, Map.of())).getMessage());
        assertEquals("agentErrors",
                assertThrows(NullPointerException.class, () -> BackupListing.of(List.of(), null)).getMessage());
        Map<String, String> nullReason = new HashMap<>();
        nullReason.put("nas", null);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> BackupListing.of(List.of(), nullReason));
        assertTrue(e.getMessage().contains("'nas'"), e.getMessage());
    }
}
