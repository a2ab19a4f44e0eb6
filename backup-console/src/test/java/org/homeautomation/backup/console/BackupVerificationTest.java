package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.VerificationProblem;
import org.homeautomation.backup.api.VerificationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What backup:verify prints and when it fails, the same in both shells; the verification itself is core's. */
class BackupVerificationTest {
    private static final String ID = "20240102-030405-abcd";
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Screen screen = new Screen();
    private final List<String> passwordsSeen = new ArrayList<>();
    private final Map<String, VerificationResult> results = new java.util.HashMap<>();

    private final BackupVerifier verifier = new BackupVerifier() {
        @Override
        public VerificationResult verify(String backupId, String agentId, char[] password) {
            passwordsSeen.add(agentId + "=" + (password == null ? "none" : new String(password)));
            return results.get(agentId);
        }

        @Override
        public List<VerificationResult> verifyAll(String backupId, char[] password) {
            throw new UnsupportedOperationException("the command verifies copy by copy");
        }
    };

    /** Protected on local, clear on nas. */
    @BeforeEach
    void aBackupOnTwoAgents() {
        BackupMetadata clear = BackupMetadata.builder().id(ID).name("Nightly").createdAt(T1).size(2048)
                .sha256("0".repeat(64)).contents(List.of("etc")).build();
        BackupMetadata local = clear.toBuilder().protectedBackup(true).sha256("1".repeat(64)).build();
        manager.backups.add(Backup.builder().metadata(clear).copies(Map.of("local", local, "nas", clear)).build());
        results.put("local", VerificationResult.builder().backupId(ID).agentId("local").bytesRead(2048).build());
        results.put("nas", VerificationResult.builder().backupId(ID).agentId("nas").bytesRead(2048).entriesRead(3)
                .contentsChecked(true).build());
    }

    private List<VerificationResult> verify(List<String> agents) {
        return new BackupVerification(manager, verifier, screen.console(), BackupVerification.ProgressSource.NONE)
                .refresh(java.time.Duration.ofMillis(10)).verify(null, agents);
    }

    @Test
    void withoutAPasswordToAskProtectedCopiesAreCheckedWithoutItAndTheOutputSaysSo() {
        verify(List.of());

        assertEquals(List.of("local=none", "nas=none"), passwordsSeen);
        assertTrue(screen.text().contains("No password can be asked here (The session's input has ended): protected"
                + " copies are checked without it, size and digest only."), screen.text());
        assertTrue(screen.lines().contains("  local: ok, " + VerificationResult.CHECKED_WITHOUT_PASSWORD
                + " (2.0 KiB)"), screen.text());
        assertTrue(screen.lines().contains("  nas: ok: size, SHA-256 digest and 3 entries of every content read"
                + " through (2.0 KiB)"), screen.text());
        assertEquals("Backup " + ID + " verified: 2 copies whole; protected copies checked without the password (size"
                + " and digest only).", screen.lines().get(screen.lines().size() - 1));
    }

    @Test
    void thePasswordTypedIsUsedAndADamagedCopyFailsTheCommandAfterEveryCopyWasShown() {
        screen.answering("typed secret");
        results.put("nas", VerificationResult.builder().backupId(ID).agentId("nas").problem(VerificationProblem.of(
                VerificationProblem.Kind.TRUNCATED, "cut").withContent("etc").withOffset(100)).build());

        CommandFailedException e = assertThrows(CommandFailedException.class, () -> verify(List.of()));

        assertEquals(List.of("local=typed secret", "nas=typed secret"), passwordsSeen);
        assertEquals("Backup " + ID + " is damaged or unreadable on nas (1 of 2 copies). Restore from a whole copy if"
                + " there is one, and make a new backup.", e.getMessage());
        assertTrue(screen.lines().contains("  nas: DAMAGED"), screen.text());
        assertTrue(screen.lines().contains("    truncated: [content 'etc', by byte 100 of the copy] cut"),
                screen.text());
        assertTrue(!screen.text().contains("typed secret"), "the password is never printed");
    }

    @Test
    void anAgentThatDoesNotHoldTheBackupIsNamedWithThoseThatDo() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> verify(List.of("usb")));

        assertEquals("Cannot verify backup " + ID + " on agent 'usb': the agent does not hold it; it is on local,nas.",
                e.getMessage());
        assertEquals(List.of(), passwordsSeen);
    }
}
