package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The 1.1 additions: request extras, the automatic status value and retention decisions. */
class AutomaticBackupApiTest {

    @Test
    void requestExtrasAreCopiedSortedAndChecked() {
        BackupRequest.Builder builder = BackupRequest.builder("Nightly").extra("origin", "test")
                .extra(BackupMetadata.EXTRA_AUTOMATIC, "true");
        BackupRequest request = builder.build();
        builder.extra("later", "x");
        assertEquals(Map.of("automatic", "true", "origin", "test"), request.extras());
        assertEquals("automatic", request.extras().keySet().iterator().next());
        assertThrows(UnsupportedOperationException.class, () -> request.extras().put("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> BackupRequest.builder("x").extra(" ", "v"));
        assertThrows(NullPointerException.class, () -> BackupRequest.builder("x").extra("k", null));
        assertTrue(BackupRequest.builder("Plain").build().extras().isEmpty());
    }

    @Test
    void statusIsAValueWithOptionalFields() {
        AutomaticBackupStatus empty = AutomaticBackupStatus.empty();
        assertFalse(empty.lastAttempt().isPresent() || empty.lastSuccess().isPresent() || empty.nextRun().isPresent()
                || empty.lastFailure().isPresent() || empty.lastBackupId().isPresent());
        assertTrue(empty.failedAgents().isEmpty());

        Map<String, String> failed = new HashMap<>(Map.of("nas", "offline"));
        AutomaticBackupStatus s = AutomaticBackupStatus.builder().lastAttempt(Instant.EPOCH)
                .lastBackupId("20250602-024512-0a1b2c3d").lastFailure("nas failed").failedAgents(failed).build();
        failed.clear();
        assertEquals(Map.of("nas", "offline"), s.failedAgents());
        assertEquals(s, s.toBuilder().build());
        assertEquals(empty.toBuilder().lastAttempt(Instant.EPOCH).build().lastAttempt().orElseThrow(), Instant.EPOCH);
        AutomaticBackupStatus cleared = s.toBuilder().lastFailure(null).failedAgents(Map.of()).build();
        assertFalse(cleared.lastFailure().isPresent());
        assertFalse(cleared.equals(s));
        assertThrows(IllegalArgumentException.class, () -> AutomaticBackupStatus.builder().lastBackupId("../x"));
    }

    @Test
    void retentionDecisionsCheckTheirIds() {
        RetentionDecision d = RetentionDecision.delete("20250602-024512-0a1b2c3d", "nas", Instant.EPOCH,
                "older than 30 days");
        assertTrue(d.isDelete());
        assertEquals(RetentionDecision.Action.DELETE, d.action());
        assertEquals("DELETE 20250602-024512-0a1b2c3d on nas: older than 30 days", d.toString());
        assertFalse(RetentionDecision.keep("20250602-024512-0a1b2c3d", "nas", Instant.EPOCH, "made by hand")
                .isDelete());
        assertThrows(IllegalArgumentException.class, () -> RetentionDecision.keep("20250602-024512-0a1b2c3d",
                "NAS/..", Instant.EPOCH, "x"));
    }
}
