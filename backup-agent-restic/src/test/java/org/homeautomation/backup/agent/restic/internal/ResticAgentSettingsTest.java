package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResticAgentSettingsTest {
    private static final String PID = "org.homeautomation.backup.agent.restic~nas";
    private static final String SECRET = "s3-secret-Qw7";
    private static final S3Location.Keys S3_KEYS = new S3Location.Keys("access", SECRET, "", "", "", true);

    @TempDir
    Path work;

    @Test
    void aValidConfigurationMakesAnAgentNamedByItsFolder() {
        ResticAgentSettings settings = ResticAgentSettings.of(PID, " nas ", "", "/media/nas/restic/", "secret", "",
                false);

        ResticBackupAgent agent = settings.newAgent();
        assertEquals("nas", agent.id());
        assertEquals("restic repository /media/nas/restic", agent.name());
        assertEquals("/media/nas/restic", agent.storage().location());
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

    @Test
    void aMalformedS3LocationNamesThePidAndTheKeyWithoutTheSecretKey() {
        for (String location : List.of("s3:", "s3:http://", "s3:http://nas.home.arpa:9000",
                "s3:http://nas.home.arpa:9000/", "s3:http://user:pw@nas.home.arpa/bucket",
                "s3:http://nas.home.arpa/bad bucket/x", "s3:http://nas.home.arpa/b/../up")) {
            String message = assertThrows(IllegalArgumentException.class, () -> ResticAgentSettings.of(PID, "nas", "",
                    location, "pw", "", false, S3_KEYS, name -> null), location).getMessage();

            assertTrue(message.startsWith("Configuration " + PID + ": "), message);
            String shown = location.replace("user:pw@", "***@");
            assertTrue(message.contains("'repository' = \"" + shown + "\" is not a valid S3 location"), message);
            assertFalse(message.contains("user:pw"), message);
            assertTrue(message.contains("s3:<endpoint URL>/<bucket>/<prefix>"), message);
            assertFalse(message.contains(SECRET), message);
        }
    }

    @Test
    void anS3LocationNeedsTheS3AgentsCredentialKeys() {
        String message = assertThrows(IllegalArgumentException.class, () -> ResticAgentSettings.of(PID, "nas", "",
                "s3:http://nas.home.arpa:9000/backups/restic", "pw", "", false, S3Location.Keys.NONE, name -> null))
                .getMessage();

        assertTrue(message.contains("'accessKey' is missing"), message);
        assertTrue(message.contains("set exactly one of 'secretKey'"), message);
    }

    @Test
    void anS3LocationAsResticNamesIt() {
        ResticBackupAgent withScheme = ResticAgentSettings.of(PID, "nas", "", "s3:http://nas.home.arpa:9000/backups/"
                + "restic/", "pw", "", false, S3_KEYS, name -> null).newAgent();
        ResticBackupAgent withoutScheme = ResticAgentSettings.of(PID, "aws", "", "s3:s3.amazonaws.com/bucket", "pw",
                "", false, S3_KEYS, name -> null).newAgent();

        assertEquals("s3:http://nas.home.arpa:9000/backups/restic", withScheme.storage().location());
        assertEquals("restic repository s3:http://nas.home.arpa:9000/backups/restic", withScheme.name());
        assertEquals("s3:https://s3.amazonaws.com/bucket", withoutScheme.storage().location());
        withScheme.close();
        withoutScheme.close();
    }
}
