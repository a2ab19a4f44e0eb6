package org.homeautomation.backup.support.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Every body gets exactly one checksum the store verifies: the signed SHA-256 where the SDK must sign bodies anyway
 * (plain http), a Content-MD5 where bodies go unsigned (https, AWS). That the store refuses a damaged body in either
 * case is shown against S3Proxy in the S3 agent's S3BackupAgentTest.
 */
class BodyIntegrityTest {
    private static final byte[] BODY = "part bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void plainHttpReliesOnTheSignedSha256() {
        BodyIntegrity integrity = BodyIntegrity.forEndpoint(Optional.of(URI.create("HTTP://nas.home.arpa:3900")));
        assertEquals(BodyIntegrity.SIGNED_SHA256, integrity);
        assertTrue(integrity.signsPayload());
        assertNull(integrity.contentMd5(BODY, 0, BODY.length), "no second hash of the same bytes");
    }

    @Test
    void httpsAndAwsSendUnsignedBodiesWithTheirMd5() {
        for (Optional<URI> endpoint : List.of(Optional.<URI>empty(),
                Optional.of(URI.create("https://minio.example.net:9000")))) {
            BodyIntegrity integrity = BodyIntegrity.forEndpoint(endpoint);
            assertEquals(BodyIntegrity.CONTENT_MD5, integrity, endpoint.toString());
            assertFalse(integrity.signsPayload());
            // MD5 of "part bytes", as `printf 'part bytes' | openssl md5 -binary | base64` gives it.
            assertEquals("3/Vii0UbcJl0oLFVmGFQtA==", integrity.contentMd5(BODY, 0, BODY.length));
        }
    }
}
