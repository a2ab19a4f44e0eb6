package org.homeautomation.backup.core.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Turns a passphrase into the UTF-8 bytes scrypt takes, without a String that could not be wiped. */
final class Passphrases {
    private Passphrases() {
    }

    /**
     * @return the UTF-8 encoding of {@code passphrase}; the caller wipes it
     * @throws IllegalArgumentException when the passphrase holds an unpaired surrogate, which has no UTF-8 encoding
     */
    static byte[] utf8(char[] passphrase) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(passphrase));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The passphrase is not valid Unicode text (it holds an unpaired"
                    + " surrogate character); type it again.");
        }
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.arrayOffset(),
                encoded.arrayOffset() + encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
