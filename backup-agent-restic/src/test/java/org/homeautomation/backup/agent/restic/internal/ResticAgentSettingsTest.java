package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResticAgentSettingsTest {
    private static final String PID = "org.homeautomation.backup.agent.restic~nas";

    @TempDir
    Path work;

    @Test
    void aValidConfigurationMakesAnAgentNamedByItsFolder() {
        ResticAgentSettings settings = ResticAgentSettings.of(PID, " nas ", "", "/media/nas/restic/", "secret", "",
                false);

        ResticBackupAgent agent = settings.newAgent();
        assertEquals("nas", agent.id());
        assertEquals("restic repository /media/nas/restic", agent.name());
        assertEquals(Path.of("/media/nas/restic"), agent.repositoryFolder());
    }

    @Test
    void everyWrongKeyIsNamedAtOnceWithoutThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResticAgentSettings.of(PID, "Bad Id", "", "relative/path", "hunter2", "/etc/pw", false));

        String message = e.getMessage();
        assertTrue(message.startsWith("Configuration " + PID + ": "), message);
        assertTrue(message.contains("'id' = \"Bad Id\""), message);
        assertTrue(message.contains("'repository' = \"relative/path\" is a relative path"), message);
        assertTrue(message.contains("exactly one of 'password'"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void thePasswordFileGivesItsFirstLine() throws Exception {
        Path file = Files.writeString(work.resolve("pw"), "from file\n");
        Path repo = work.resolve("repo");
        Repository.initialize(repo, "from file");

        ResticBackupAgent agent = ResticAgentSettings.of(PID, "nas", "", repo.toString(), "", file.toString(), false)
                .newAgent();

        assertEquals(0, agent.list().size());
    }

    @Test
    void aMissingOrEmptyPasswordFileIsAConfigurationError() throws Exception {
        Path empty = Files.writeString(work.resolve("empty"), "");

        String missing = assertThrows(IllegalArgumentException.class, () -> ResticAgentSettings.of(PID, "nas", "",
                "/r", "", work.resolve("nope").toString(), false)).getMessage();
        String blank = assertThrows(IllegalArgumentException.class, () -> ResticAgentSettings.of(PID, "nas", "", "/r",
                "", empty.toString(), false)).getMessage();

        assertTrue(missing.contains("'passwordFile': there is no file"), missing);
        assertTrue(blank.contains("is empty"), blank);
    }

    @Test
    void anInvalidIdIsListedUnderANameFromThePid() {
        assertEquals("restic-nas", ResticAgentSettings.listedId(PID, "Bad Id"));
        assertEquals("good", ResticAgentSettings.listedId(PID, "good"));
    }

    @Test
    void aWrongPasswordIsAClearAgentErrorNamingTheRepository() throws Exception {
        Path repo = work.resolve("repo");
        Repository.initialize(repo, "right");
        ResticBackupAgent agent = ResticAgentSettings.of(PID, "nas", "", repo.toString(), "wrong", "", false)
                .newAgent();

        Exception e = assertThrows(org.homeautomation.backup.api.BackupAgentException.class, agent::list);

        assertTrue(e.getMessage().contains("'nas'") && e.getMessage().contains(repo.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), e.getMessage());
    }

    @Test
    void withoutInitializeAMissingRepositoryIsUnavailableAndNotCreated() {
        Path repo = work.resolve("not-mounted");
        ResticBackupAgent agent = ResticAgentSettings.of(PID, "nas", "", repo.toString(), "pw", "", false).newAgent();

        AgentUnavailableException e = assertThrows(AgentUnavailableException.class, agent::list);

        assertTrue(e.getMessage().contains("mounted"), e.getMessage());
        assertFalse(Files.exists(repo));
    }
}
