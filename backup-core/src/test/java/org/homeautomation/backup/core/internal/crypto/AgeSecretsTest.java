package org.homeautomation.backup.core.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Passphrases and keys stay out of objects' text, out of exception messages, and out of the key object. */
class AgeSecretsTest {
    private static final String SECRET = "Zebra-Quartz-9931-Ünïcode";
    private static final String OTHER_SECRET = "Yak-Basalt-4417-attempt";

    @Test
    void noMessageOrToStringContainsAPassphrase() throws Exception {
        AgeFileKey key = AgeFileKey.generate(SECRET.toCharArray(), 10, new SecureRandom());
        byte[] cipher = AgeTestData.encrypt(new byte[3 * AgeTestData.CHUNK], key);
        List<String> texts = new ArrayList<>();
        texts.add(key.toString());
        try (InputStream encrypting = new AgeEncryptingInputStream(new ByteArrayInputStream(new byte[1]), key);
                InputStream decrypting = AgeDecryptingInputStream.open(new ByteArrayInputStream(cipher),
                        SECRET.toCharArray())) {
            texts.add(encrypting.toString());
            texts.add(decrypting.toString());
        }

        texts.addAll(messages(openFailure(cipher, OTHER_SECRET, 20)));
        byte[] badMac = cipher.clone();
        badMac[AgeTestData.headerText(cipher).length() - 5] ^= 1;
        texts.addAll(messages(openFailure(badMac, SECRET, 20)));
        texts.addAll(messages(openFailure(cipher, SECRET, 9)));
        texts.addAll(messages(openFailure(Arrays.copyOf(cipher, 50), SECRET, 20)));
        byte[] truncated = Arrays.copyOf(cipher, cipher.length - 100);
        try (InputStream in = AgeDecryptingInputStream.open(new ByteArrayInputStream(truncated),
                SECRET.toCharArray())) {
            texts.addAll(messages(assertThrows(DamagedCiphertextException.class, in::readAllBytes)));
        }
        texts.addAll(messages(assertThrows(IllegalArgumentException.class,
                () -> AgeFileKey.generate((SECRET + "\uD800").toCharArray(), 10, new SecureRandom()))));
        texts.addAll(messages(assertThrows(IllegalArgumentException.class,
                () -> AgeFileKey.generate(SECRET.toCharArray(), 40, new SecureRandom()))));
        key.destroy();
        texts.add(key.toString());

        assertEquals(11, texts.size(), texts.toString());
        for (String text : texts) {
            assertNotNull(text);
            for (String secret : List.of(SECRET, OTHER_SECRET, "Zebra", "Yak-Basalt")) {
                assertFalse(text.contains(secret), "'" + text + "' shows a passphrase");
            }
        }
    }

    @Test
    void theKeyObjectKeepsNoPassphraseAndShowsNoKeyMaterial() throws Exception {
        AgeFileKey key = AgeFileKey.generate(SECRET.toCharArray(), 10, new SecureRandom());
        byte[] secretBytes = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] payloadKey = null;
        for (Field field : AgeFileKey.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Object value = field.get(key);
            assertFalse(value instanceof char[] || value instanceof String, field.getName() + " could hold text");
            if (value instanceof byte[] bytes) {
                assertFalse(contains(bytes, secretBytes), field.getName() + " holds the passphrase");
                if (field.getName().equals("payloadKey")) {
                    payloadKey = bytes;
                }
            }
        }
        assertNotNull(payloadKey, "AgeFileKey keeps its secret in the field payloadKey");
        String text = key.toString();
        assertFalse(text.contains(HexFormat.of().formatHex(payloadKey)) || text.contains(
                Base64.getEncoder().withoutPadding().encodeToString(payloadKey)), text);

        key.destroy();
        assertTrue(allZero(payloadKey), "destroy() wipes the payload key");
    }

    private static IOException openFailure(byte[] cipher, String passphrase, int maxLogN) {
        return assertThrows(IOException.class, () -> AgeDecryptingInputStream
                .open(new ByteArrayInputStream(cipher), passphrase.toCharArray(), maxLogN));
    }

    /** The exception's message, its toString and those of its causes. */
    private static List<String> messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable e = t; e != null; e = e.getCause()) {
            all.append(e).append(" | ");
        }
        return List.of(all.toString());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
