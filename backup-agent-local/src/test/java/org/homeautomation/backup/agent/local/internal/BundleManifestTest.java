package org.homeautomation.backup.agent.local.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle's manifest and component descriptions as bnd made them (in target/classes, before the jar is packed):
 * the agent service is DS's, so bnd derives the {@code osgi.service} capability that resolvers (Karaf's features,
 * bnd's resolver) look for; nothing declares it by hand.
 */
class BundleManifestTest {
    @Test
    void theBundleOffersTheAgentServiceCapability() throws Exception {
        String provided = manifest().getMainAttributes().getValue("Provide-Capability");

        assertTrue(provided.contains(
                "osgi.service;objectClass:List<String>=\"org.homeautomation.backup.api.BackupAgent\""), provided);
    }

    @Test
    void theAgentServiceIsAFactoryComponentProvidingBackupAgent() throws Exception {
        String xml = Files.readString(classes().resolve("OSGI-INF/" + LocalAgentService.class.getName() + ".xml"));

        assertTrue(xml.contains("factory=\"" + LocalAgentService.FACTORY + "\""), xml);
        assertTrue(xml.contains("<provide interface=\"org.homeautomation.backup.api.BackupAgent\"/>"), xml);
    }

    private static Manifest manifest() throws Exception {
        try (InputStream in = Files.newInputStream(classes().resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    private static Path classes() throws Exception {
        return Path.of(LocalAgentService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
