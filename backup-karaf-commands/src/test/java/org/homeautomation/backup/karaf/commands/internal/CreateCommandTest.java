package org.homeautomation.backup.karaf.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.support.CommandException;
import org.homeautomation.backup.api.BackupBusyException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.BackupStage;
import org.homeautomation.backup.api.UploadResult;
import org.homeautomation.backup.console.FakeBackupManager;
import org.homeautomation.backup.console.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CreateCommandTest {
    private static final String ID = "20240102-030405-abcd";
    private static final BackupMetadata ARCHIVE = FakeBackupManager.metadata(ID, "Nightly",
            Instant.parse("2024-01-02T03:04:05Z"), 3 * 1024 * 1024, false);

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Consoles console = new Consoles();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private void storedOnLocal() {
        manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("local")),
                List.of()));
    }

    private CreateCommand command(String name) {
        CreateCommand create = console.attach(new CreateCommand(), manager);
        create.name = name;
        create.progressSource = board -> () -> { };
        return create;
    }

    @Test
    void asksForTheNamedAgentsAndContents() throws Exception {
        manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("s3")), List.of()));
        CreateCommand create = command("Nightly");
        create.agents = List.of("s3");
        create.contents = List.of("config", "userdata");

        create.execute();

        BackupRequest request = manager.requests.get(0);
        assertEquals("Nightly", request.name());
        assertEquals(Set.of("s3"), request.agentIds());
        assertEquals(Set.of("config", "userdata"), request.contents());
    }

    @Test
    void printsALinePerAgentAndAOneLineSummary() throws Exception {
        manager.completion.complete(BackupResult.archived(ARCHIVE,
                List.of(UploadResult.succeeded("local"), UploadResult.succeeded("s3")), List.of()));

        command("Nightly").execute();

        assertEquals(List.of("Creating backup " + ID + " \"Nightly\" (Ctrl-C stops waiting, not the backup)",
                "  local: stored",
                "  s3: stored",
                "Backup " + ID + " created (3.0 MiB) on 2 agents."), console.text().lines().toList());
    }

    @Test
    void aPartialFailureNamesTheFailedAgentWithItsReasonAndFailsTheCommand() {
        manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("local"),
                UploadResult.failed("s3", "bucket 'backups' does not exist")), List.of("skipped /etc/shadow: denied")));

        CommandException e = assertThrows(CommandException.class, () -> command("Nightly").execute());

        assertEquals("Backup " + ID + " created (3.0 MiB) on 1 of 2 agents; failed on s3.", e.getMessage(),
                "the summary is the error Karaf prints, and ssh exits non-zero");
        assertEquals(List.of("  local: stored", "  s3: failed: bucket 'backups' does not exist",
                "  warning: skipped /etc/shadow: denied"), console.text().lines().skip(1).toList());
    }

    @Test
    void aBackupNoAgentStoredFailsTheCommandNamingTheAgents() {
        manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.failed("s3", "bucket gone"),
                UploadResult.failed("nas", "share not mounted")), List.of()));

        CommandException e = assertThrows(CommandException.class, () -> command("Nightly").execute());

        assertEquals("Backup " + ID + " failed: no agent stored it; failed on s3, nas.", e.getMessage());
        assertEquals(List.of("  s3: failed: bucket gone", "  nas: failed: share not mounted"),
                console.text().lines().skip(1).toList());
    }

    @Test
    void theResultsWarningsArePrinted() throws Exception {
        manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("local")),
                List.of("Participant 'etc' of bundle org.example.db is ignored: a source has that name")));

        command("Nightly").execute();

        assertTrue(console.text().lines().anyMatch(("  warning: Participant 'etc' of bundle org.example.db is"
                + " ignored: a source has that name")::equals), console.text());
    }

    @Test
    void stagesPostedBeforeCreateReturnsArePrintedInOrder() throws Exception {
        // As the real manager may: its backup thread posts the first stages before create() has returned the id.
        manager.stagesPostedInCreate.addAll(List.of(BackupStage.PRE_BACKUP, BackupStage.ARCHIVING));
        storedOnLocal();
        CreateCommand create = command("Nightly");
        create.progressSource = board -> {
            ProgressListener listener = new ProgressListener(board);
            manager.eventHandlers.add(listener);
            return () -> manager.eventHandlers.remove(listener);
        };

        create.execute();

        assertEquals(List.of("Creating backup " + ID + " \"Nightly\" (Ctrl-C stops waiting, not the backup)",
                "  preparing the contents...",
                "  writing the archive...",
                "  local: stored",
                "Backup " + ID + " created (3.0 MiB) on 1 agent."), console.text().lines().toList());
        assertTrue(manager.eventHandlers.isEmpty(), "the listener is gone once the command ends");
    }

    @Test
    void stagesDeliveredAfterTheResultIsKnownArePrintedBeforeTheSummary() throws Exception {
        storedOnLocal();
        CreateCommand create = command("Nightly");
        create.progressSource = board -> {
            board.expectEnd();
            ProgressListener listener = new ProgressListener(board);
            // Event Admin's thread, late: the stages arrive after the backup's result is known.
            Thread late = new Thread(() -> {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!console.text().startsWith("Creating backup") && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                listener.handleEvent(FakeBackupManager.stage(ID, BackupStage.UPLOADING));
                listener.handleEvent(FakeBackupManager.stage(ID, BackupStage.COMPLETED));
            });
            late.setDaemon(true);
            late.start();
            return () -> { };
        };
        create.lastEvents = java.time.Duration.ofSeconds(30);

        create.execute();

        assertEquals(List.of("  uploading...", "  local: stored", "Backup " + ID + " created (3.0 MiB) on 1 agent."),
                console.text().lines().skip(1).toList());
    }

    @Test
    void progressOfAnotherBackupIsNotShown() throws Exception {
        storedOnLocal();
        CreateCommand create = command("Nightly");
        create.progressSource = board -> {
            board.stage("20240101-000000-beef", "writing the archive...");
            board.upload("20240101-000000-beef", "local", 1, 2);
            return () -> { };
        };

        create.execute();

        assertEquals(List.of("  local: stored", "Backup " + ID + " created (3.0 MiB) on 1 agent."),
                console.text().lines().skip(1).toList());
    }

    @Test
    void aFailedBackupEndsTheCommandWithItsReasonOnOneLine() {
        manager.completion.complete(BackupResult.failed(ID, "participant 'db' did not prepare in 60 s", List.of()));

        CommandException e = assertThrows(CommandException.class, () -> command("Nightly").execute());

        assertEquals("Backup " + ID + " failed: participant 'db' did not prepare in 60 s.", e.getMessage());
    }

    @Test
    void progressPostedWhileTheBackupRunsIsPrintedBeforeTheSummary() throws Exception {
        CreateCommand create = command("Nightly");
        create.progressSource = board -> {
            board.stage(ID, "uploading...");
            board.upload(ID, "local", 1024 * 1024, 3 * 1024 * 1024);
            board.upload(ID, "local", 3 * 1024 * 1024, 3 * 1024 * 1024);
            manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("local")),
                    List.of()));
            return () -> { };
        };

        create.execute();

        assertEquals(List.of("  uploading...", "  local: 3.0 MiB of 3.0 MiB (100%)", "  local: stored",
                "Backup " + ID + " created (3.0 MiB) on 1 agent."), console.text().lines().skip(1).toList());
    }

    @Test
    void progressIsPrintedWhileWaitingAndFollowingStopsAtTheEnd() throws Exception {
        CreateCommand create = command("Nightly");
        create.refresh = java.time.Duration.ofMillis(10);
        boolean[] closed = { false };
        create.progressSource = board -> {
            board.upload(ID, "local", 1024, 4096);
            // Completes only once the waiting loop has printed the progress above.
            Thread finisher = new Thread(() -> {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!console.text().contains("local: 1.0 KiB of 4.0 KiB (25%)") && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                manager.completion.complete(BackupResult.archived(ARCHIVE, List.of(UploadResult.succeeded("local")),
                        List.of()));
            });
            finisher.start();
            return () -> closed[0] = true;
        };

        create.execute();

        List<String> lines = console.text().lines().toList();
        assertEquals("  local: 1.0 KiB of 4.0 KiB (25%)", lines.get(1));
        assertEquals("Backup " + ID + " created (3.0 MiB) on 1 agent.", lines.get(lines.size() - 1));
        assertTrue(closed[0]);
    }

    @Test
    void interruptingStopsTheWaitingAndSaysTheBackupGoesOn() throws Exception {
        CreateCommand create = command("Nightly");
        Thread.currentThread().interrupt();

        create.execute();

        assertTrue(Thread.interrupted(), "the interrupt is kept for Karaf");
        assertTrue(console.text().contains("Stopped waiting. Backup " + ID + " goes on"), console.text());
        assertFalse(manager.completion.isDone());
    }

    @Test
    void aRefusedStartIsOneLineNamingTheBackupAndTheReason() {
        manager.createFailure = new BackupBusyException("Backup 20240101-000000-aaaa \"Nightly\" is running;"
                + " wait for it to end");

        CommandException e = assertThrows(CommandException.class, () -> command("Mine").execute());

        assertEquals("Cannot start backup \"Mine\": Backup 20240101-000000-aaaa \"Nightly\" is running; wait for it"
                + " to end", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(e.getMessage().contains("Exception"));
    }

    @Test
    void anInvalidAgentIdIsOneLineFromTheApiRules() {
        CreateCommand create = command("Nightly");
        create.agents = List.of("Not Valid");

        CommandException e = assertThrows(CommandException.class, create::execute);

        assertTrue(e.getMessage().startsWith("Cannot start backup \"Nightly\": Invalid agent id \"Not Valid\""),
                e.getMessage());
        assertTrue(manager.requests.isEmpty());
    }

    @Test
    void withoutANameTheBackupIsNamedAfterTheTime() throws Exception {
        storedOnLocal();

        command(null).execute();

        assertTrue(manager.requests.get(0).name().matches("Backup \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"),
                manager.requests.get(0).name());
    }
}
