package org.homeautomation.backup.gogo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ParticipantInfo;
import org.homeautomation.backup.api.UploadResult;
import org.junit.jupiter.api.Test;

class ConsoleTextTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final ConsoleText text = new ConsoleText(BERLIN);

    @Test
    void backupsAreListedWithLocalTimeHumanSizeAndAgents() {
        Backup newer = Backup.builder().metadata(metadata("b2", "Before upgrade", "2025-07-01T10:15:30Z", 12_897_485))
                .agentIds(Set.of("nas", "local")).failedAgents(Map.of("usb", "Folder /mnt/usb is not mounted")).build();
        Backup older = Backup.builder().metadata(metadata("b1", "first", "2025-01-31T23:30:00Z", 700))
                .agentIds(Set.of("local")).build();

        String shown = text.backups(BackupListing.of(List.of(newer, older), Map.of()));

        assertEquals(""
                + "ID  NAME            CREATED              SIZE      AGENTS     FAILED\n"
                + "--  --------------  -------------------  --------  ---------  ------\n"
                + "b2  Before upgrade  2025-07-01 12:15:30  12.3 MiB  local,nas  usb\n"
                + "b1  first           2025-02-01 00:30:00  700 B     local      -\n", shown);
    }

    @Test
    void longNamesAreCutSoTheTableStaysReadable() {
        String name = "n".repeat(100);
        String shown = text.backups(BackupListing.of(List.of(Backup.builder()
                .metadata(metadata("b1", name, "2025-01-01T00:00:00Z", 1)).agentIds(Set.of("local")).build()),
                Map.of()));

        String row = shown.lines().skip(2).findFirst().orElseThrow();
        assertEquals("b1  " + "n".repeat(ConsoleText.MAX_NAME_WIDTH - 3) + "...  2025-01-01 01:00:00  1 B   local   -",
                row);
    }

    @Test
    void agentsThatCouldNotBeListedAreNamedBelowTheTable() {
        String shown = text.backups(BackupListing.of(List.of(),
                Map.of("nas", "Folder /mnt/nas is not reachable: check the mount")));

        assertEquals("No backups.\nAgent nas could not be listed: Folder /mnt/nas is not reachable: check the mount\n",
                shown);
    }

    @Test
    void agentsAreATable() {
        String bundle = "org.homeautomation.backup.agent.local";
        String shown = text.agents(List.of(AgentInfo.of("local", "Local backups", bundle),
                AgentInfo.of("nas", "NAS", bundle)));

        assertEquals(""
                + "ID     NAME           BUNDLE\n"
                + "-----  -------------  -------------------------------------\n"
                + "local  Local backups  org.homeautomation.backup.agent.local\n"
                + "nas    NAS            org.homeautomation.backup.agent.local\n", shown);
        assertEquals("No backup agents are registered: install an agent bundle or configure one.\n",
                text.agents(List.of()));
    }

    @Test
    void contentsAreOneALineOrSayHowToGetSome() {
        assertEquals("conf\nload\n", text.contents(List.of("conf", "load")));
        assertEquals("Nothing to back up: configure 'sources' in org.homeautomation.backup, or install a bundle"
                + " with a backup participant.\n", text.contents(List.of()));
    }

    @Test
    void aSuccessfulBackupShowsEachAgentAndTheId() {
        BackupResult result = BackupResult.archived(metadata("b3", "first", "2025-01-01T00:00:00Z", 2048),
                List.of(UploadResult.succeeded("local"), UploadResult.succeeded("nas")), List.of());

        assertEquals("  local: ok\n  nas: ok\n", text.created(result));
        assertEquals("Backup b3 created (2.0 KiB).", text.summary(result));
    }

    @Test
    void aPartlyFailedBackupShowsTheReasonAndTheWarnings() {
        BackupResult result = BackupResult.archived(metadata("b3", "first", "2025-01-01T00:00:00Z", 2048),
                List.of(UploadResult.succeeded("local"), UploadResult.failed("nas", "Folder /mnt/nas is full")),
                List.of("Skipped conf/secret.key: permission denied"));

        assertEquals(""
                + "  local: ok\n"
                + "  nas: failed: Folder /mnt/nas is full\n"
                + "  warning: Skipped conf/secret.key: permission denied\n", text.created(result));
        assertEquals("Backup b3 created (2.0 KiB), but 1 of 2 agents failed: nas.", text.summary(result));
    }

    @Test
    void aBackupNoAgentStoredNamesTheAgents() {
        BackupResult result = BackupResult.archived(metadata("b3", "first", "2025-01-01T00:00:00Z", 2048),
                List.of(UploadResult.failed("nas", "Folder /mnt/nas is full")), List.of());

        assertEquals("Backup b3 failed: no agent holds it; failed on nas.", text.summary(result));
    }

    @Test
    void aBackupWhoseArchiveFailedShowsWhy() {
        BackupResult result = BackupResult.failed("b4", "Source conf: folder /opt/conf does not exist", List.of());

        assertEquals("", text.created(result));
        assertEquals("Backup b4 failed: Source conf: folder /opt/conf does not exist", text.summary(result));
    }

    @Test
    void participantsAreATableWithWhyOneIsIgnored() {
        String shown = text.participants(List.of(ParticipantInfo.active("zigbee", "org.example.zigbee", 10),
                ParticipantInfo.ignored("conf", "org.example.db", 0, "a configured source is named 'conf' too")));

        assertEquals(""
                + "ID      BUNDLE              RANKING  TAKES PART  PROBLEM\n"
                + "------  ------------------  -------  ----------  " + "-".repeat(39) + "\n"
                + "zigbee  org.example.zigbee  10       yes         -\n"
                + "conf    org.example.db      0        no          a configured source is named 'conf' too\n", shown);
        assertEquals("No backup participants are registered: backups hold the configured sources only.\n",
                text.participants(List.of()));
    }

    private static BackupMetadata metadata(String id, String name, String created, long size) {
        return BackupMetadata.builder().id(id).name(name).createdAt(Instant.parse(created)).size(size)
                .sha256("0".repeat(64)).build();
    }
}
