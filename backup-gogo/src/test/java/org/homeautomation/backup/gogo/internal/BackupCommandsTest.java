package org.homeautomation.backup.gogo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.UploadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** backup:create as a script sees it: a backup that failed on an agent fails the command. */
class BackupCommandsTest {
    private static final BackupMetadata ARCHIVE = BackupMetadata.builder().id("b1").name("nightly")
            .createdAt(Instant.parse("2025-01-01T00:00:00Z")).size(2048).sha256("0".repeat(64)).build();

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream systemOut;

    @BeforeEach
    void capture() {
        systemOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(systemOut);
    }

    @Test
    void aBackupStoredEverywhereEndsNormally() {
        commandsEndingWith(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("local")), List.of()))
                .create("nightly");

        assertEquals(List.of("Creating backup b1 \"nightly\"...", "  local: ok", "Backup b1 created (2.0 KiB)."),
                printed.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aBackupThatFailedOnAnAgentFailsTheCommandNamingIt() {
        BackupCommands commands = commandsEndingWith(BackupResult.archived(ARCHIVE,
                List.of(UploadResult.succeeded("local"), UploadResult.failed("nas", "share not mounted")), List.of()));

        CommandFailedException e = assertThrows(CommandFailedException.class, () -> commands.create("nightly"));

        assertEquals("Backup b1 created (2.0 KiB), but 1 of 2 agents failed: nas.", e.toString(),
                "what Gogo prints, without a class name");
        assertEquals(List.of("Creating backup b1 \"nightly\"...", "  local: ok", "  nas: failed: share not mounted"),
                printed.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aBackupNoAgentStoredFailsTheCommand() {
        BackupCommands commands = commandsEndingWith(BackupResult.failed("b1", "participant 'db' failed", List.of()));

        CommandFailedException e = assertThrows(CommandFailedException.class, () -> commands.create("nightly"));

        assertEquals("Backup b1 failed: participant 'db' failed", e.getMessage());
    }

    /** Commands on a manager that starts backup b1 and answers with the given result; it is asked nothing else. */
    private static BackupCommands commandsEndingWith(BackupResult result) {
        BackupJob job = new BackupJob() {
            @Override
            public String backupId() {
                return "b1";
            }

            @Override
            public String name() {
                return "nightly";
            }

            @Override
            public CompletionStage<BackupResult> completion() {
                return CompletableFuture.completedFuture(result);
            }
        };
        BackupManager manager = (BackupManager) Proxy.newProxyInstance(BackupManager.class.getClassLoader(),
                new Class<?>[] { BackupManager.class }, (proxy, method, args) -> {
                    if (method.getName().equals("create")) {
                        return job;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new BackupCommands(manager);
    }
}
