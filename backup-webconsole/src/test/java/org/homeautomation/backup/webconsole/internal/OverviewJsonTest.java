package org.homeautomation.backup.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.ParticipantInfo;
import org.homeautomation.backup.support.json.Json;
import org.junit.jupiter.api.Test;

class OverviewJsonTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void tellsWhichAgentsAreAvailableAndWhyNot() {
        BackupMetadata meta = metadata("20260101-120000-abcdef01", false);
        BackupListing listing = BackupListing.of(
                List.of(Backup.builder().metadata(meta).copies(Map.of("local", meta, "old-usb", meta)).build()),
                Map.of("nas", "NAS: connection refused"));
        List<Object> agents = OverviewJson.agents(List.of(
                AgentInfo.of("local", "Local backups", "org.example.local"),
                AgentInfo.of("nas", "NAS", "org.example.s3")), listing);

        assertEquals(3, agents.size());
        Map<?, ?> local = (Map<?, ?>) agents.get(0);
        assertEquals(true, local.get("available"));
        assertNull(local.get("problem"));
        Map<?, ?> nas = (Map<?, ?>) agents.get(1);
        assertEquals(false, nas.get("available"));
        assertEquals("NAS: connection refused", nas.get("problem"));
        Map<?, ?> gone = (Map<?, ?>) agents.get(2);
        assertEquals("old-usb", gone.get("id"));
        assertEquals(false, gone.get("registered"), "an agent that holds a backup but is gone is listed too");
        assertEquals(false, gone.get("available"));
    }

    @Test
    void tellsWhichParticipantsTakePartAndWhyAnIgnoredOneDoesNot() {
        List<Object> participants = OverviewJson.participants(List.of(
                ParticipantInfo.active("zigbee", "org.example.zigbee", 10),
                ParticipantInfo.ignored("etc", "org.example.db", 0,
                        "a configured source is named 'etc' too; rename the source or the participant")));

        assertEquals(List.of(
                Map.of("id", "zigbee", "bundle", "org.example.zigbee", "ranking", 10L, "active", true),
                Map.of("id", "etc", "bundle", "org.example.db", "ranking", 0L, "active", false,
                        "problem", "a configured source is named 'etc' too; rename the source or the participant")),
                participants.stream().map(p -> withoutNulls((Map<?, ?>) p)).toList(), "in run order");
        assertTrue(((Map<?, ?>) participants.get(0)).containsKey("problem"), "an active one has a null problem");
    }

    private static Map<Object, Object> withoutNulls(Map<?, ?> m) {
        Map<Object, Object> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void describesABackupWithItsCopiesAndFailures() {
        BackupMetadata plain = metadata("20260101-120000-abcdef01", false);
        BackupMetadata locked = plain.toBuilder().protectedBackup(true).size(2048).build();
        Map<String, Object> backup = OverviewJson.backup(Backup.builder()
                .metadata(plain.toBuilder().extra(BackupMetadata.EXTRA_AUTOMATIC, "true").build())
                .copies(Map.of("nas", locked, "local", plain)).failedAgents(Map.of("usb", "USB: not mounted")).build());

        assertEquals("20260101-120000-abcdef01", backup.get("id"));
        assertEquals("2026-01-01T12:00:00Z", backup.get("createdAt"));
        assertEquals(true, backup.get("automatic"));
        assertEquals(List.of("etc", "data"), backup.get("contents"));
        assertEquals(List.of(Map.of("agent", "local", "protected", false, "size", 1024L),
                Map.of("agent", "nas", "protected", true, "size", 2048L)), backup.get("copies"),
                "each agent's copy, by agent id");
        assertEquals(Map.of("usb", "USB: not mounted"), backup.get("failedAgents"));
    }

    @Test
    void theOverviewIsJsonTheSharedWriterTakes() {
        AutomaticBackupStatus status = AutomaticBackupStatus.builder().lastAttempt(CREATED)
                .lastFailure("NAS: disk full").failedAgents(Map.of("nas", "NAS: disk full")).build();
        BackupMetadata meta = metadata("20260101-120000-abcdef01", false);
        Map<String, Object> overview = OverviewJson.overview(ManagerState.IDLE, status,
                List.of(AgentInfo.of("local", "Local \"quoted\" backups", "org.example.local")),
                List.of(ParticipantInfo.ignored("etc", "org.example.db", -5, "a configured source is named 'etc' too")),
                List.of("etc"),
                BackupListing.of(List.of(Backup.builder().metadata(meta).copies(Map.of("local", meta)).build()),
                        Map.of()));

        String json = Json.write(overview);
        assertTrue(json.contains("\"state\":\"IDLE\""), json);
        assertTrue(json.contains("\"lastAttempt\":\"2026-01-01T12:00:00Z\""), json);
        assertTrue(json.contains("\"nextRun\":null"), json);
        assertTrue(json.contains("Local \\\"quoted\\\" backups"), "text is escaped: " + json);
        assertTrue(json.contains("\"participants\":[{\"id\":\"etc\",\"bundle\":\"org.example.db\",\"ranking\":-5,"
                + "\"active\":false,\"problem\":\"a configured source is named 'etc' too\"}]"), json);
        assertEquals(overview, Json.parse(json), "reads back as written");
    }

    private static BackupMetadata metadata(String id, boolean protectedBackup) {
        return BackupMetadata.builder().id(id).name("nightly").createdAt(CREATED).size(1024)
                .sha256("a".repeat(64)).protectedBackup(protectedBackup).contents(List.of("etc", "data")).build();
    }
}
