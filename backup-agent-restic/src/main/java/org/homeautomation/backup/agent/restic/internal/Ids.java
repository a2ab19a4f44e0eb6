package org.homeautomation.backup.agent.restic.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** restic's ids: the SHA-256 of a blob's plaintext or of a file's stored bytes, as 64 lower-case hex digits. */
final class Ids {
    private Ids() {
    }

    static boolean isId(String name) {
        if (name.length() != 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    static String hash(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(data, offset, length);
        return HexFormat.of().formatHex(digest.digest());
    }
}
