package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.support.json.Json;
import org.junit.jupiter.api.Test;

class ArchiveManifestTest {
    private static final String SHA = "ab".repeat(32);
    private final ArchiveManifest manifest = new ArchiveManifest("b-1", "Vor dem \"Update\" \\ ü 日本",
            Instant.parse("2025-01-02T03:04:05.123456789Z"), true, 1, "openHAB 4.3\n(Karaf)\t\u0001",
            List.of("etc", "userdata"), Map.of("z", "last", "a", "ünïcödé \"quoted\""));

    @Test
    void jsonRoundTripKeepsEveryField() {
        assertEquals(manifest, ArchiveManifest.fromJson(manifest.toJson()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fieldNamesAreThoseOfBackupMetadataWithoutSizeAndDigest() {
        Set<String> expected = new HashSet<>(
                ((Map<String, ?>) Json.parse(manifest.toMetadata(42, SHA).toJson())).keySet());
        expected.remove("size");
        expected.remove("sha256");
        assertEquals(expected, ((Map<String, ?>) Json.parse(manifest.toJson())).keySet());
    }

    @Test
    void readsTheJsonOfBackupMetadataAndMakesMetadataFromTheSummary() {
        BackupMetadata metadata = manifest.toMetadata(1234, SHA);
        assertEquals(1234, metadata.size());
        assertEquals(SHA, metadata.sha256());
        assertEquals(manifest, ArchiveManifest.fromJson(metadata.toJson()));
        assertEquals(metadata, BackupMetadata.fromJson(metadata.toJson()));
    }

    @Test
    void unknownFieldsOfLaterVersionsAreIgnored() {
        String json = manifest.toJson().replaceFirst("\\{", "{\"future\": {\"nested\": [1, -2, null, true, \"x\"]},");
        assertEquals(manifest, ArchiveManifest.fromJson(json));
    }

    @Test
    void errorsSayWhatIsWrong() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ArchiveManifest.fromJson(manifest.toJson().replace("\"id\"", "\"identifier\"")));
        assertEquals("Manifest field 'id' is missing or not a string", missing.getMessage());
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> ArchiveManifest.fromJson(
                        manifest.toJson().replace("\"formatVersion\": 1", "\"formatVersion\": 1.5")));
        assertTrue(version.getMessage().contains("only integral numbers"), version.getMessage());
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> ArchiveManifest.fromJson("{\"id\": \"b\""));
        assertEquals("The manifest backup.json is not valid: Malformed JSON at character 10: unexpected end",
                malformed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArchiveManifest.fromJson("[]"));
        assertThrows(IllegalArgumentException.class,
                () -> ArchiveManifest.fromJson(manifest.toJson().replace("\"b-1\"", "\"Not An Id\"")));
    }

    @Test
    void collectionsAreCopiedAndExtrasSorted() {
        assertEquals(List.of("a", "z"), List.copyOf(manifest.extras().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> manifest.contents().add("x"));
        assertEquals("", new ArchiveManifest("b", "n", Instant.EPOCH, false, 1, null, List.of(), Map.of())
                .runtimeVersion());
    }
}
