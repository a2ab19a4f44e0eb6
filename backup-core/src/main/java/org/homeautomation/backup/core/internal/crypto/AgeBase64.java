package org.homeautomation.backup.core.internal.crypto;

import java.util.Base64;

/**
 * The base64 of age: the standard alphabet without padding. Decoding rejects padding, characters outside the alphabet
 * and non-canonical encodings (unused bits set), as the specification requires.
 */
final class AgeBase64 {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private AgeBase64() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** @return whether every character is in the standard alphabet ('=' is not) */
    static boolean isAlphabet(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param what what the value is, for the message: "the scrypt salt"
     * @return the decoded bytes, exactly {@code expectedLength} of them
     * @throws DamagedCiphertextException when {@code s} is not the canonical encoding of that many bytes
     */
    static byte[] decode(String s, int expectedLength, String what) throws DamagedCiphertextException {
        if (!isAlphabet(s)) {
            throw DamagedCiphertextException.malformedHeader(what + " is not valid unpadded base64");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(s);
        } catch (IllegalArgumentException e) {
            throw DamagedCiphertextException.malformedHeader(what + " is not valid unpadded base64");
        }
        if (bytes.length != expectedLength) {
            throw DamagedCiphertextException.malformedHeader(
                    what + " has " + bytes.length + " bytes instead of " + expectedLength);
        }
        if (!encode(bytes).equals(s)) {
            throw DamagedCiphertextException.malformedHeader(what + " is not canonical base64");
        }
        return bytes;
    }
}
