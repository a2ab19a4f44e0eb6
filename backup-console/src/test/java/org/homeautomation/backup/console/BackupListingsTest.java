package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.ParticipantInfo;
import org.junit.jupiter.api.Test;

/** What backup:list, backup:agents, backup:participants and backup:contents print, as Gogo's plain tables. */
class BackupListingsTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");

    private final FakeBackupManager manager = new FakeBackupManager();
    private final Screen screen = new Screen();
    private final BackupListings listings = new BackupListings(manager, screen.console());

    @Test
    void aRowHoldsIdNameDateSizeProtectedAgentsAndFailedAgents() {
        Backup backup = Backup.builder()
                .metadata(FakeBackupManager.metadata("b1", "Before upgrade", T1, 5 * 1024 * 1024, true))
                .agentIds(Set.of("s3", "local")).failedAgents(Map.of("nas", "share not mounted")).build();

        assertArrayEquals(new String[] { "b1", "Before upgrade", "2024-01-02 03:04:05", "5.0 MiB", "yes", "local,s3",
            "nas" }, BackupListings.row(backup, Screen.UTC));
    }

    @Test
    void aRowShowsADashForNoFailedAgentsAndCutsLongNames() {
        Backup backup = Backup.builder().metadata(FakeBackupManager.metadata("b1", "n".repeat(60), T1, 10, false))
                .agentIds(Set.of("local")).build();

        String[] row = BackupListings.row(backup, Screen.UTC);
        assertEquals("n".repeat(BackupListings.MAX_NAME_WIDTH - 3) + "...", row[1]);
        assertEquals("no", row[4]);
        assertEquals("-", row[6]);
    }

    @Test
    void backupsAreATableThenTheAgentsThatCouldNotBeListed() {
        manager.backups.add(Backup.builder().metadata(FakeBackupManager.metadata("b1", "Nightly", T1, 2048, false))
                .agentIds(Set.of("local")).build());
        manager.agentErrors.put("nas", "Folder /mnt/nas is not reachable");

        listings.backups();

        assertEquals(List.of(
                "ID  Name     Date                    Size  Protected  Agents  Failed agents",
                "--  -------  -------------------  -------  ---------  ------  -------------",
                "b1  Nightly  2024-01-02 03:04:05  2.0 KiB  no         local   -",
                "Agent nas could not be listed, its backups are missing above: Folder /mnt/nas is not reachable"),
                screen.lines());
    }

    @Test
    void noBackupsIsOneLine() {
        listings.backups();

        assertEquals(List.of("No backups."), screen.lines());
    }

    @Test
    void agentsSayWhetherEachIsAvailableAndWhyNot() {
        manager.agents.add(AgentInfo.of("local", "Local folder", "org.example.local"));
        manager.agents.add(AgentInfo.of("nas", "NAS", "org.example.local"));
        manager.agentErrors.put("nas", "share not mounted");

        listings.agents();

        assertEquals(List.of(
                "ID     Name          Bundle             Available",
                "-----  ------------  -----------------  ---------",
                "local  Local folder  org.example.local  yes",
                "nas    NAS           org.example.local  no",
                "Agent nas is not available: share not mounted"), screen.lines());
    }

    @Test
    void participantsShowWhyOneIsIgnored() {
        manager.participants.add(ParticipantInfo.active("zigbee", "org.example.zigbee", 10));
        manager.participants.add(ParticipantInfo.ignored("etc", "org.example.db", 0, "named like a source"));

        listings.participants();

        assertEquals(List.of(
                "ID      Bundle              Ranking  Takes part  Problem",
                "------  ------------------  -------  ----------  -------------------",
                "zigbee  org.example.zigbee       10  yes         -",
                "etc     org.example.db            0  no          named like a source"), screen.lines());
    }

    @Test
    void contentsAreOneALineOrSayHowToGetSome() {
        listings.contents();
        manager.contents.addAll(List.of("conf", "load"));
        listings.contents();

        assertEquals(List.of("Nothing to back up: configure 'sources' in org.homeautomation.backup, or install a"
                + " bundle with a backup participant.", "conf", "load"), screen.lines());
    }
}
