package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackupMetadataTest {
    private static final String SHA = "ab".repeat(32);

    private static BackupMetadata.Builder valid() {
        return BackupMetadata.builder().id("20261128-014500-3fa2b1c9").name("Sauvegarde d'été ☃ \"quoted\" \\ 日本")
                .createdAt(Instant.parse("2026-11-28T01:45:00.123Z")).size(12345).sha256(SHA)
                .runtimeVersion("backup-core 0.1.0").contents(List.of("etc", "data"));
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        BackupMetadata m = valid().protectedBackup(true).extra("origin", "tab\there\nnewline").extra("a", "ü").build();
        BackupMetadata back = BackupMetadata.fromJson(m.toJson());
        assertEquals(m, back);
        assertEquals(List.of("etc", "data"), back.contents());
        assertEquals("tab\there\nnewline", back.extras().get("origin"));
        assertTrue(back.isProtected());
    }

    @Test
    void unknownJsonFieldsAreIgnoredSoLaterVersionsCanAddFields() {
        String json = valid().build().toJson().replaceFirst("\\{", "{\"futureField\":{\"x\":[1,2,true,null]},");
        assertEquals(valid().build(), BackupMetadata.fromJson(json));
    }

    @Test
    void missingOrMistypedFieldsAreNamed() {
        String noSha = valid().build().toJson().replace("\"sha256\":\"" + SHA + "\",", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackupMetadata.fromJson(noSha));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());

        String sizeAsString = valid().build().toJson().replace("\"size\":12345", "\"size\":\"12345\"");
        e = assertThrows(IllegalArgumentException.class, () -> BackupMetadata.fromJson(sizeAsString));
        assertTrue(e.getMessage().contains("size"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> BackupMetadata.fromJson("{\"id\": \"x\""));
        assertThrows(IllegalArgumentException.class, () -> BackupMetadata.fromJson("[]"));
    }

    @Test
    void aFormatVersionOutsideAnIntIsRefusedNotWrapped() {
        String json = valid().build().toJson();
        for (long version : new long[] { 1L << 31, -(1L << 32) + 1, 0 }) {
            String bad = json.replace("\"formatVersion\":1", "\"formatVersion\":" + version);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BackupMetadata.fromJson(bad));
            assertTrue(e.getMessage().contains("formatVersion"), e.getMessage());
        }
    }

    @Test
    void storedBytesMustBeStrictUtf8() {
        BackupMetadata m = valid().build();
        assertEquals(m, BackupMetadata.fromJson(m.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] latin1 = m.toJson().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackupMetadata.fromJson(latin1));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void builderRejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> valid().id("../etc").build());
        assertThrows(IllegalArgumentException.class, () -> valid().name(" ").build());
        assertThrows(IllegalArgumentException.class, () -> valid().name("two\nlines").build());
        assertThrows(IllegalArgumentException.class, () -> valid().size(-1).build());
        assertThrows(IllegalArgumentException.class, () -> valid().sha256("AB".repeat(32)).build());
        assertThrows(NullPointerException.class, () -> valid().createdAt(null).build());
    }

    @Test
    void toBuilderMakesAChangedCopyAndLeavesTheOriginal() {
        BackupMetadata m = valid().build();
        BackupMetadata changed = m.toBuilder().name("other").addContent("db").build();
        assertEquals("other", changed.name());
        assertEquals(List.of("etc", "data", "db"), changed.contents());
        assertEquals(List.of("etc", "data"), m.contents());
    }
}
