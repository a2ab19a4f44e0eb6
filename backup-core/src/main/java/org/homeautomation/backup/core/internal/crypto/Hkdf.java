package org.homeautomation.backup.core.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA-256 (RFC 5869) built on the runtime's HMAC-SHA-256, producing the 32-byte keys age needs. */
final class Hkdf {
    static final int KEY_SIZE = 32;
    private static final String HMAC = "HmacSHA256";

    private Hkdf() {
    }

    /**
     * @param ikm  the input keying material (the file key)
     * @param salt the salt; empty means a string of 32 zero bytes, as RFC 5869 says
     * @param info the context, such as "header" or "payload"
     * @return 32 bytes of output keying material; the caller wipes them
     */
    static byte[] deriveKey(byte[] ikm, byte[] salt, String info) {
        byte[] prk = null;
        try {
            Mac mac = hmacSha256(salt.length == 0 ? new byte[KEY_SIZE] : salt);
            prk = mac.doFinal(ikm);
            mac = hmacSha256(prk);
            // One block of Expand is all a 32-byte output needs: T(1) = HMAC(PRK, info || 0x01).
            mac.update(info.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 1);
            return mac.doFinal();
        } finally {
            if (prk != null) {
                Arrays.fill(prk, (byte) 0);
            }
        }
    }

    /** @return an HMAC-SHA-256 initialised with {@code key} */
    static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is required of every Java runtime", e);
        }
    }
}
