package org.homeautomation.backup.core.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.homeautomation.backup.support.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The journal of a restore cut off after its swap, damaged in every way a disk, a crash or a person can damage it
 * (seeded random mutations, every truncation, deep nesting, huge numbers, wrong types, hostile paths with a valid
 * checksum): recovery either refuses with an IOException that names the journal and says what to do, changing
 * nothing on disk, or (when the damage changed nothing that matters) puts every old tree back whole. Never an Error,
 * never another exception, never a half-applied recovery.
 */
class RestoreJournalFuzzTest {
    private static final long SEED = 0x5eed_4b1dL;
    private static final int MUTATIONS = 600;

    @TempDir
    Path temp;
    private SwapTrees trees;
    private Path journalFolder;
    private Path journalFile;
    private String journal;
    private Map<String, String> swapped;
    private int round;

    @BeforeEach
    void aRestoreCutOffAfterItsSwap() throws IOException {
        trees = new SwapTrees(Files.createDirectories(temp.resolve("openhab-" + round++)), 2, 1, 12);
        journalFolder = RestoreJournalFolders.forLive(trees.swaps.get(0).live());
        RestoreTransaction.prepare(journalFolder, "fuzz", trees.swaps).swap();
        journalFile = journalFolder.resolve(RestoreJournal.FILE_NAME);
        journal = Files.readString(journalFile);
        swapped = disk();
    }

    @Test
    void seededRandomMutationsAreRefusedWithoutChangingAnythingOrRecoveredWhole() throws IOException {
        Random random = new Random(SEED);
        int refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            String mutated = mutate(journal, random);
            if (recoverFrom(mutated, "mutation " + i + " (seed " + SEED + ")")) {
                // The damage changed nothing that matters (white space, say): the swap is undone whole; swap again.
                aRestoreCutOffAfterItsSwap();
            } else {
                refused++;
            }
        }
        assertTrue(refused > MUTATIONS * 9 / 10, "nearly every mutation is damage; refused " + refused);
    }

    @Test
    void everyTruncationIsRefusedWithoutChangingAnything() throws IOException {
        for (int length = 0; length < journal.length() - 1; length++) {
            String cut = journal.substring(0, length);
            assertEquals(false, recoverFrom(cut, "the journal cut after " + length + " characters"));
        }
    }

    static Stream<Arguments> hostileJournals() {
        return Stream.of(
                Arguments.of("empty", (Consumer<Map<String, Object>>) null, ""),
                Arguments.of("nested a million deep", null, "[".repeat(1_000_000)),
                Arguments.of("objects nested deep", null, "{\"a\":".repeat(200_000)),
                Arguments.of("a huge number", null, "{\"formatVersion\": 1" + "0".repeat(5000) + "}"),
                Arguments.of("a number beyond long", null, "{\"formatVersion\": 9223372036854775808}"),
                Arguments.of("not an object", null, "[2, \"fuzz\"]"),
                Arguments.of("restoreId a number", edit(m -> m.put("restoreId", 5L)), null),
                Arguments.of("restoreId with a slash", edit(m -> m.put("restoreId", "../x")), null),
                Arguments.of("phase unknown", edit(m -> m.put("phase", "done")), null),
                Arguments.of("swaps a string", edit(m -> m.put("swaps", "all")), null),
                Arguments.of("no swaps", edit(m -> m.put("swaps", List.of())), null),
                Arguments.of("swap a list", edit(m -> m.put("swaps", List.of(List.of()))), null),
                Arguments.of("liveExisted a string", editSwap(s -> s.put("liveExisted", "yes")), null),
                Arguments.of("live relative", editSwap(s -> s.put("live", "openhab/live0")), null),
                Arguments.of("live with ..", editSwap(s -> s.put("live", s.get("live") + "/../live1")), null),
                Arguments.of("rollback elsewhere", editSwap(s -> s.put("rollback", "/")), null),
                Arguments.of("staging not a sibling", editSwap(s -> s.put("staging", "/tmp/x/staging")), null),
                Arguments.of("an entry that climbs", editSwap(s -> s.put("oldEntries", List.of("../../etc"))), null),
                Arguments.of("an entry with NUL", editSwap(s -> s.put("newEntries", List.of("a\u0000b"))), null),
                Arguments.of("an entry twice", editSwap(s -> s.put("oldEntries", List.of("d0", "d0"))), null),
                Arguments.of("an entry a number", editSwap(s -> s.put("oldEntries", List.of(7L))), null),
                Arguments.of("mode unknown", editSwap(s -> s.put("mode", "copy")), null),
                Arguments.of("kept climbing", editSwap(s -> s.put("kept", List.of("../x"))), null),
                Arguments.of("an entry the rollback folder does not hold removed",
                        editSwap(s -> s.put("oldEntries", List.of("d0"))), null),
                Arguments.of("format 1 with entries", edit(m -> m.put("formatVersion", 1L)), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileJournals")
    void hostileJournalsAreRefusedWithoutChangingAnything(String what, Consumer<Map<String, Object>> edit,
            String text) throws IOException {
        String hostile = text != null ? text : signed(edit);
        assertEquals(false, recoverFrom(hostile, what));
    }

    @Test
    void aJournalLargerThanAnyRealOneIsRefusedUnread() throws IOException {
        String padded = journal.replace("\"fuzz\"", "\"fuzz\"" + " ".repeat(RestoreJournalFormat.MAX_BYTES));
        assertEquals(false, recoverFrom(padded, "a journal of 16 MiB"));
    }

    /**
     * Writes {@code text} as the journal and recovers.
     *
     * @return true when recovery put the old trees back whole; false when it refused, having changed nothing
     */
    private boolean recoverFrom(String text, String what) throws IOException {
        Files.writeString(journalFile, text, StandardCharsets.UTF_8);
        try {
            RestoreTransaction.recover(journalFolder);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            assertTrue(m.contains(journalFile.toString()), what + ": the message names the journal: " + m);
            assertTrue(m.contains("delete the journal"), what + ": the message says what to do: " + m);
            assertEquals(swapped, disk(), what + ": nothing on disk changed");
            assertEquals(text, Files.readString(journalFile), what + ": the journal is kept for a person");
            return false;
        } catch (Throwable t) {
            fail(what + ": recovery must refuse with an IOException, not " + t, t);
        }
        for (Map.Entry<Path, Map<String, String>> e : trees.oldTrees.entrySet()) {
            assertEquals(e.getValue(), SwapTrees.snapshot(e.getKey()), what + ": recovered, so entirely old");
        }
        return true;
    }

    /* Everything beside the journal: the live, rollback and staging folders, entry by entry. */
    private Map<String, String> disk() throws IOException {
        Map<String, String> all = new LinkedHashMap<>(Trees.snapshot(trees.parent, Trees.Detail.MODE));
        all.keySet().removeIf(k -> k.startsWith(journalFolder.getFileName().toString()));
        return all;
    }

    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && s.length() > 0; r++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(7)) {
                case 0 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 1 -> s.setCharAt(at, (char) (s.charAt(at) ^ (1 << random.nextInt(7))));
                case 2 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
                case 3 -> s.insert(at, "{[\",:]}0-9etrunl\\".charAt(random.nextInt(17)));
                case 4 -> s.setLength(at);
                case 5 -> s.insert(at, s.substring(random.nextInt(s.length())));
                default -> s.insert(at, "9".repeat(1 + random.nextInt(40)));
            }
        }
        return s.toString();
    }

    private static Consumer<Map<String, Object>> edit(Consumer<Map<String, Object>> edit) {
        return edit;
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Map<String, Object>> editSwap(Consumer<Map<String, Object>> edit) {
        return m -> {
            List<Object> swaps = new ArrayList<>((List<Object>) m.get("swaps"));
            Map<String, Object> first = new LinkedHashMap<>((Map<String, Object>) swaps.get(0));
            edit.accept(first);
            swaps.set(0, first);
            m.put("swaps", swaps);
        };
    }

    /* The journal edited, with a checksum that matches: what someone who knows the format could write. */
    @SuppressWarnings("unchecked")
    private String signed(Consumer<Map<String, Object>> edit) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) Json.parse(journal));
        m.remove("sha256");
        edit.accept(m);
        try {
            m.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    Json.writeIndented(m).getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Json.writeIndented(m);
    }
}
