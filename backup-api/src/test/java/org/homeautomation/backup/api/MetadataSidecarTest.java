package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What every agent relies on when it reads back the metadata it stored beside an archive. */
class MetadataSidecarTest {
    private static final String ID = "20261203-211500-0a1b2c3d";
    private final List<String> ignored = new ArrayList<>();

    @Test
    void readsWhatToJsonWroteAndIgnoresFieldsANewerVersionAdded() throws IOException {
        BackupMetadata m = BackupMetadata.builder().id(ID).name("Küche").createdAt(Instant.parse(
                "2026-12-03T21:15:00.123456789Z")).size(42).sha256("ab".repeat(32)).contents(List.of("etc"))
                .extra("automatic", "true").build();
        assertEquals(Optional.of(m), MetadataSidecar.read(stream(m.toJson()), ID, ignored::add));
        String newer = m.toJson().replaceFirst("\\{", "{\"addedLater\": {\"x\": [1, 2]}, ");
        assertEquals(Optional.of(m), MetadataSidecar.parse(newer.getBytes(StandardCharsets.UTF_8), ID, ignored::add));
        assertEquals(List.of(), ignored);
    }

    @Test
    void foreignDamagedDeepOrOtherBackupsSidecarsAreIgnoredWithAReasonThatQuotesNothing() {
        BackupMetadata other = BackupMetadata.builder().id("20261203-211500-ffffffff").name("x")
                .createdAt(Instant.EPOCH).size(1).sha256("cd".repeat(32)).build();
        for (String text : List.of("", "holiday photos", "{\"id\": \"" + ID + "\"}", "[".repeat(5_000),
                other.toJson(), "{\"id\": \"" + ID + "\", \"size\": 99999999999999999999}")) {
            ignored.clear();
            assertEquals(Optional.empty(), MetadataSidecar.parse(text.getBytes(StandardCharsets.UTF_8), ID,
                    ignored::add), text.length() > 40 ? text.substring(0, 40) : text);
            assertEquals(1, ignored.size());
            assertTrue(ignored.get(0).startsWith("it "), ignored.get(0));
            assertTrue(text.isEmpty() || !ignored.get(0).contains(text), ignored.get(0));
        }
    }

    @Test
    void anEndlessSidecarIsReadNoFurtherThanTheLimit() throws IOException {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return ' ';
            }
        };
        assertEquals(Optional.empty(), MetadataSidecar.read(endless, ID, ignored::add));
        assertEquals(List.of("it is too large to be backup metadata"), ignored);
        assertEquals(MetadataSidecar.MAX_BYTES + 1, served[0]);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
