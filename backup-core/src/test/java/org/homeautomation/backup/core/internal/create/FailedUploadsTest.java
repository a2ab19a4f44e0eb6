package org.homeautomation.backup.core.internal.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.BackupMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of which agents failed survives a restart of the manager (outside testing lost it with a kill). */
class FailedUploadsTest {
    @TempDir
    Path dir;

    @Test
    void failuresRecordedBeforeARestartAreKnownAfterIt() {
        Path file = dir.resolve("data/failed-uploads.json");
        FailedUploads before = FailedUploads.persistedIn(10, file);
        before.record(metadata(1), Map.of("s3", "The store did not answer", "nas", "Folder missing"));
        before.record(metadata(2), Map.of("s3", "Timed out"));
        before.record(metadata(3), Map.of());

        FailedUploads after = FailedUploads.persistedIn(10, file);
        assertEquals(List.of(id(1), id(2)), List.copyOf(after.all().keySet()));
        assertEquals(Map.of("s3", "The store did not answer", "nas", "Folder missing"),
                after.get(id(1)).orElseThrow().failures());
        assertEquals(metadata(1).toJson(), after.get(id(1)).orElseThrow().metadata().toJson());

        after.forget(id(1));
        assertEquals(List.of(id(2)), List.copyOf(FailedUploads.persistedIn(10, file).all().keySet()));
    }

    @Test
    void onlyTheMostRecentAreKeptAcrossRestartsToo() {
        Path file = dir.resolve("failed-uploads.json");
        FailedUploads failures = FailedUploads.persistedIn(2, file);
        for (int i = 1; i <= 4; i++) {
            failures.record(metadata(i), Map.of("s3", "failed"));
        }
        assertEquals(List.of(id(3), id(4)), List.copyOf(FailedUploads.persistedIn(2, file).all().keySet()));
        assertEquals(List.of(id(4)), List.copyOf(FailedUploads.persistedIn(1, file).all().keySet()));
    }

    @Test
    void aDamagedOrForeignFileIsIgnoredAndReplacedAtTheNextFailure() throws IOException {
        Path file = dir.resolve("failed-uploads.json");
        for (String damaged : List.of("", "{", "[]", "{\"backups\": 3}", "{\"backups\": [{\"metadata\": {}}]}",
                "{\"backups\": [{\"metadata\": {\"id\": \"x\"}, \"failures\": {}}]}",
                "{\"backups\": [" + "[".repeat(100_000))) {
            Files.writeString(file, damaged, StandardCharsets.UTF_8);
            FailedUploads failures = FailedUploads.persistedIn(10, file);
            assertTrue(failures.all().isEmpty(), damaged);
            failures.record(metadata(7), Map.of("s3", "failed"));
            assertEquals(List.of(id(7)), List.copyOf(FailedUploads.persistedIn(10, file).all().keySet()));
        }
    }

    private static String id(int n) {
        return String.format("20261203-101010-%08x", n);
    }

    private static BackupMetadata metadata(int n) {
        return BackupMetadata.builder().id(id(n)).name("Backup " + n).createdAt(Instant.parse("2026-12-03T10:10:10Z"))
                .size(1000 + n).sha256("cd".repeat(32)).contents(List.of("etc")).build();
    }
}
