package org.homeautomation.backup.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationSecretsTest {
    @TempDir
    Path etc;

    @Test
    void aSecretKeyWrittenInACfgIsNamedWithItsPidButNeverItsValue() throws IOException {
        List<String> warnings = scan("org.homeautomation.backup.agent.s3-nas.cfg",
                "bucket = b\nsecretKey = wJalrXUtnFEMI\naccessKey = AKIA\n", pid -> Set.of());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("Configuration file etc/org.homeautomation.backup.agent.s3-nas.cfg"
                + " (configuration org.homeautomation.backup.agent.s3-nas) holds the secret 'secretKey' in clear"),
                warnings.get(0));
        assertTrue(warnings.get(0).contains("unprotected on local"), warnings.get(0));
        assertFalse(warnings.get(0).contains("wJalrXUtnFEMI"));
    }

    @Test
    void metatypePasswordAttributesCountByPidAndFactoryPid() throws IOException {
        List<String> warnings = scan("org.example.mqtt-home.cfg", "broker = tcp://h\ncredential = hunter2\n",
                pid -> pid.equals("org.example.mqtt") ? Set.of("credential") : Set.of());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("'credential'"), warnings.get(0));
    }

    @Test
    void emptyValuesReferencesAndOtherFilesHoldNoSecret() throws IOException {
        assertEquals(List.of(), scan("org.example.a.cfg", "password =\nsecretKey = ${env:S3_SECRET}\n",
                pid -> Set.of()));
        assertEquals(List.of(), scan("org.example.b.config", "password=\"\"\nname=\"x\"\n", pid -> Set.of()));
        assertEquals(List.of(), scan("notes.txt", "password = hunter2\n", pid -> Set.of()));
        assertEquals(1, scan("org.example.c.config", "password=\"hunter2\"\n", pid -> Set.of()).size());
    }

    @Test
    void secretKeyNamesGoByTheirLastPart() {
        for (String key : List.of("password", "secretKey", "keystore.password", "api_key", "client-secret")) {
            assertTrue(ConfigurationSecrets.isSecretKey(key), key);
        }
        for (String key : List.of("passwordFile", "secretKeyEnv", "accessKey", "tokenEndpoint")) {
            assertFalse(ConfigurationSecrets.isSecretKey(key), key);
        }
    }

    private List<String> scan(String fileName, String content, java.util.function.Function<String, Set<String>> mt)
            throws IOException {
        Path file = Files.writeString(etc.resolve(fileName), content);
        ConfigurationSecrets secrets = new ConfigurationSecrets(Map.of("etc", etc), mt);
        secrets.fileStarting("etc", fileName, Files.size(file));
        return secrets.warnings(List.of("local"));
    }
}
