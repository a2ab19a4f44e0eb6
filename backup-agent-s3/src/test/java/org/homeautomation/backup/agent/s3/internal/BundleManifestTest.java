package org.homeautomation.backup.agent.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle's manifest as bnd made it (in target/classes, before the jar is packed): the SDK is inside, and nothing
 * but the API, OSGi, SLF4J and Java SE is imported, so the bundle resolves in a plain framework and never wires to
 * another bundle's copy of the SDK or HttpClient.
 */
class BundleManifestTest {
    private static final List<String> ALLOWED_IMPORTS = List.of("org.homeautomation.backup.api", "org.osgi.",
            "org.slf4j", "javax.", "org.ietf.jgss", "jdk.net;resolution:=optional");

    @Test
    void importsOnlyTheApiOsgiSlf4jAndTheJdk() throws Exception {
        String imports = manifest().getMainAttributes().getValue("Import-Package");
        List<String> unexpected = new ArrayList<>();
        for (String clause : splitClauses(imports)) {
            if (ALLOWED_IMPORTS.stream().noneMatch(clause::startsWith)) {
                unexpected.add(clause);
            }
            if (clause.contains("resolution:=optional") && !clause.startsWith("jdk.net")) {
                unexpected.add(clause + " (optional)");
            }
        }
        assertEquals(List.of(), unexpected, "Import-Package: " + imports);
    }

    @Test
    void embedsTheSdkAndHttpClientAndDescribesTheComponent() throws Exception {
        Path classes = Path.of(S3BackupAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (String entry : List.of("software/amazon/awssdk/services/s3/S3Client.class",
                "software/amazon/awssdk/http/apache5/Apache5HttpClient.class",
                "org/apache/hc/client5/http/impl/classic/HttpClientBuilder.class",
                "software/amazon/awssdk/regions/internal/region/endpoints.json",
                "OSGI-INF/org.homeautomation.backup.agent.s3.internal.S3AgentComponent.xml",
                "OSGI-INF/metatype/org.homeautomation.backup.agent.s3.xml")) {
            assertTrue(Files.isRegularFile(classes.resolve(entry)), "missing from the bundle: " + entry);
        }
        assertEquals("org.homeautomation.backup.agent.s3",
                manifest().getMainAttributes().getValue("Bundle-SymbolicName"));
    }

    private static Manifest manifest() throws Exception {
        URL classes = S3BackupAgent.class.getProtectionDomain().getCodeSource().getLocation();
        try (InputStream in = Files.newInputStream(Path.of(classes.toURI()).resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    /** Splits at commas outside quotes (version ranges contain commas). */
    private static List<String> splitClauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            clauses.add(current.toString().trim());
        }
        return clauses;
    }
}
