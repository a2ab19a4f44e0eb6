package org.homeautomation.backup.core.internal.status;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.api.AutomaticBackupStatus;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.MetadataSidecar;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.support.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader of JSON that someone else may have written (a sidecar in a shared folder, an archive's
 * {@code backup.json}, the status file in the data area) given thousands of malformed inputs, each made from a seed:
 * each reader returns a value or throws the exception its Javadoc names, never an {@link Error} or another exception.
 */
class StoredJsonFuzzTest {
    /** Change to explore other inputs; a failure names the seed of its input, which makes it again. */
    private static final long FIRST_SEED = 0x5eed_2026_1203L;
    private static final int INPUTS = 4_000;
    private static final long SMALL_STACK = 256 << 10;
    private static final String BACKUP_ID = "20261203-194500-0a1b2c3d";

    @TempDir
    Path dataArea;

    @Test
    void malformedInputGivesAValueOrTheDocumentedException() throws IOException {
        List<String> valid = List.of(metadata().toJson(), statusDocument(), Json.writeIndented(Json.parse(
                metadata().toJson())));
        Map<MalformedJson.Kind, Integer> made = new EnumMap<>(MalformedJson.Kind.class);
        StatusStore store = StatusStore.in(dataArea);
        for (int i = 0; i < INPUTS; i++) {
            long seed = FIRST_SEED + i;
            MalformedJson.Input input = MalformedJson.from(valid.get(i % valid.size()), seed);
            made.merge(input.kind(), 1, Integer::sum);
            readEveryWay(input, seed, store);
        }
        for (MalformedJson.Kind kind : MalformedJson.Kind.values()) {
            assertTrue(made.getOrDefault(kind, 0) >= INPUTS / MalformedJson.Kind.values().length / 2,
                    "too few inputs of kind " + kind + ": " + made);
        }
    }

    @Test
    void everyNestingDepthFromTenToAHundredThousandIsRefusedWithoutAnError() throws Throwable {
        StatusStore store = StatusStore.in(dataArea);
        // A small stack, as a runtime started with a small -Xss gives every thread: parsing must need little, at any
        // depth. (The test thread's own stack may be large enough to hide a recursion without bound.)
        Throwable[] failure = { null };
        Thread reader = new Thread(null, () -> {
            try {
                for (int depth = 10; depth <= 100_000; depth = depth * 3 / 2) {
                    for (String open : new String[] { "[", "{\"lastFailure\":" }) {
                        byte[] bytes = open.repeat(depth).getBytes(StandardCharsets.UTF_8);
                        readEveryWay(new MalformedJson.Input(MalformedJson.Kind.DEEP_NESTING, bytes), depth, store);
                    }
                }
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "small-stack reader", SMALL_STACK);
        reader.start();
        reader.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void readEveryWay(MalformedJson.Input input, long seed, StatusStore store) throws IOException {
        String text = new String(input.bytes(), StandardCharsets.UTF_8);
        expectValueOr(IllegalArgumentException.class, "Json.parse", input, seed, () -> Json.parse(text));
        expectValueOr(IllegalArgumentException.class, "BackupMetadata.fromJson(byte[])", input, seed,
                () -> BackupMetadata.fromJson(input.bytes()));
        expectValueOr(IllegalArgumentException.class, "ArchiveManifest.fromJson", input, seed,
                () -> ArchiveManifest.fromJson(text));
        String[] ignored = { null };
        Optional<BackupMetadata> sidecar = expectValueOr(null, "MetadataSidecar.parse", input, seed,
                () -> MetadataSidecar.parse(input.bytes(), BACKUP_ID, why -> ignored[0] = why));
        assertTrue(sidecar.isPresent() != (ignored[0] != null),
                "MetadataSidecar.parse must give metadata or a reason, one of them, for " + input.describe(seed));

        Files.write(store.file(), input.bytes());
        expectValueOr(IOException.class, "StatusStore.read", input, seed, store::read);
    }

    /** A call that may throw anything, as the reader under test may. */
    @FunctionalInterface
    private interface Read<T> {
        T read() throws Exception;
    }

    /**
     * @param allowed the one exception type the reader documents, or null for none; the status file's
     *        {@link IOException} must name the file and say it is damaged
     */
    private static <T> T expectValueOr(Class<? extends Exception> allowed, String reader, MalformedJson.Input input,
            long seed, Read<T> read) {
        try {
            return read.read();
        } catch (Throwable t) {
            if (allowed != null && allowed.isInstance(t)) {
                assertTrue(t.getMessage() != null && !t.getMessage().isBlank() && !(t instanceof IOException
                        && !t.getMessage().contains(StatusStore.FILE_NAME + " is damaged: ")), reader + " threw "
                        + t + " on the " + input.describe(seed) + "; its message must say what is wrong, on what");
                return null;
            }
            return fail(reader + " threw " + t.getClass().getName() + " on the " + input.describe(seed)
                    + (allowed == null ? "; it must throw nothing" : "; it may throw only " + allowed.getName()
                            + " with a message"), t);
        }
    }

    private static BackupMetadata metadata() {
        return BackupMetadata.builder().id(BACKUP_ID).name("Before the upgrade").createdAt(Instant.parse(
                "2026-12-03T19:45:00Z")).size(4096).sha256("ab".repeat(32)).runtimeVersion("openHAB 4.3")
                .contents(List.of("etc", "userdata")).extra("host", "pi").build();
    }

    private String statusDocument() throws IOException {
        StatusStore store = StatusStore.in(dataArea);
        store.write(new StoredStatus(AutomaticBackupStatus.builder().lastAttempt(Instant.parse("2026-12-03T02:00:00Z"))
                .lastSuccess(Instant.parse("2026-12-02T02:00:00Z")).lastBackupId(BACKUP_ID)
                .lastFailure("nas: 503").failedAgents(Map.of("nas", "the endpoint answered 503")).build(), true));
        return Files.readString(store.file());
    }
}
