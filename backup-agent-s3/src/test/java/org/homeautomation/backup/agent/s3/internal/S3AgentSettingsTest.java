package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3AgentSettingsTest {
    private static final String SECRET = "s3cr3t-value-xyz";

    @TempDir
    Path temp;

    @Test
    void secretFromTheConfiguration() {
        TestSettings config = minimal();
        config.secretKey = " " + SECRET + " ";
        assertEquals(SECRET, S3AgentSettings.from("pid", config, name -> null).secretKey().reveal());
    }

    @Test
    void secretFromAnEnvironmentVariable() {
        TestSettings config = minimal();
        config.secretKey = "";
        config.secretKeyEnv = "BACKUP_S3_SECRET";
        Map<String, String> environment = Map.of("BACKUP_S3_SECRET", SECRET);
        assertEquals(SECRET, S3AgentSettings.from("pid", config, environment::get).secretKey().reveal());
    }

    @Test
    void anUnsetEnvironmentVariableIsNamed() {
        TestSettings config = minimal();
        config.secretKey = "";
        config.secretKeyEnv = "BACKUP_S3_SECRET";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3AgentSettings.from("pid", config, name -> null));
        assertTrue(e.getMessage().contains("BACKUP_S3_SECRET"), e.getMessage());
    }

    @Test
    void secretFromAFileWithoutItsLineBreak() throws Exception {
        Path file = Files.writeString(temp.resolve("secret"), SECRET + "\n");
        TestSettings config = minimal();
        config.secretKey = "";
        config.secretKeyFile = file.toString();
        assertEquals(SECRET, S3AgentSettings.from("pid", config, name -> null).secretKey().reveal());
    }

    @Test
    void aFileWithMoreThanTheKeyIsRefusedWithoutQuotingIt() throws Exception {
        Path file = Files.writeString(temp.resolve("secret"), SECRET + "\nsomething else\n");
        TestSettings config = minimal();
        config.secretKey = "";
        config.secretKeyFile = file.toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3AgentSettings.from("pid", config, name -> null));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void exactlyOneSourceOfTheSecret() {
        TestSettings none = minimal();
        none.secretKey = "";
        TestSettings two = minimal();
        two.secretKeyEnv = "ALSO_SET";
        for (TestSettings config : new TestSettings[] {none, two}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> S3AgentSettings.from("pid", config, name -> SECRET));
            assertTrue(e.getMessage().contains("exactly one of 'secretKey'"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void theKeysNeverShowInToString() {
        TestSettings config = minimal();
        S3AgentSettings settings = S3AgentSettings.from("pid", config, name -> null);
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertFalse(settings.toString().contains(config.accessKey), settings.toString());
        assertFalse(settings.secretKey().toString().contains(SECRET));
    }

    @Test
    void prefixIsNormalizedAndFoldersMustBeClean() {
        TestSettings config = minimal();
        config.prefix = "/home/backups/";
        assertEquals("home/backups", S3AgentSettings.from("pid", config, name -> null).prefix());
        for (String bad : new String[] {"a//b", "a/../b", "./a"}) {
            config.prefix = bad;
            assertThrows(IllegalArgumentException.class, () -> S3AgentSettings.from("pid", config, name -> null),
                    bad);
        }
    }

    @Test
    void endpointMustBeAnHttpUrlWithoutCredentials() {
        TestSettings config = minimal();
        config.endpoint = "https://minio.example.net:9000";
        assertEquals(Optional.of(java.net.URI.create("https://minio.example.net:9000")),
                S3AgentSettings.from("pid", config, name -> null).endpoint());
        for (String bad : new String[] {"minio.example.net", "ftp://x", "https://user:pw@minio.example.net"}) {
            config.endpoint = bad;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> S3AgentSettings.from("pid", config, name -> null), bad);
            assertTrue(e.getMessage().contains("'endpoint'"), e.getMessage());
            assertFalse(e.getMessage().contains("pw@"), e.getMessage());
        }
    }

    @Test
    void partSizeAndConcurrencyHaveLimits() {
        TestSettings config = minimal();
        config.partSizeMiB = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3AgentSettings.from("pid", config, name -> null));
        assertTrue(e.getMessage().contains("'partSizeMiB' is 4; it must be between 5 and 1024"), e.getMessage());
        config.partSizeMiB = 8;
        config.concurrency = 0;
        assertThrows(IllegalArgumentException.class, () -> S3AgentSettings.from("pid", config, name -> null));
    }

    @Test
    void missingIdBucketAndAccessKeyAreNamed() {
        for (String key : new String[] {"id", "bucket", "accessKey"}) {
            TestSettings config = minimal();
            switch (key) {
                case "id" -> config.id = "";
                case "bucket" -> config.bucket = " ";
                default -> config.accessKey = "";
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> S3AgentSettings.from("pid", config, name -> null));
            assertTrue(e.getMessage().startsWith("Configuration pid: '" + key + "' is missing"), e.getMessage());
        }
    }

    private static TestSettings minimal() {
        TestSettings config = new TestSettings();
        config.secretKey = SECRET;
        return config;
    }
}
