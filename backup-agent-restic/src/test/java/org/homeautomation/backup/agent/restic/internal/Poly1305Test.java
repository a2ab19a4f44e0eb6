package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** Our Poly1305 against RFC 8439's test vector and against BouncyCastle's on random keys and lengths. */
class Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc8439Vector() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = new byte[16];

        Poly1305.tag(java.util.Arrays.copyOf(key, 16), java.util.Arrays.copyOfRange(key, 16, 32), message, 0,
                message.length, tag, 0);

        assertArrayEquals(HEX.parseHex("a8061dc1305136c6c22b8baf0c0127a9"), tag);
    }

    @Test
    void equalsBouncyCastlesOnRandomKeysLengthsAndOffsets() {
        Random random = new Random(1305);
        int[] lengths = new int[200];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = i < 100 ? i : random.nextInt(70_000);
        }
        for (int length : lengths) {
            byte[] r = new byte[16];
            byte[] s = new byte[16];
            random.nextBytes(r);
            random.nextBytes(s);
            if (length % 7 == 0) {
                java.util.Arrays.fill(s, (byte) 0xff); // carries through the whole of h + s
                java.util.Arrays.fill(r, (byte) 0xff);
            }
            int offset = random.nextInt(9);
            byte[] data = new byte[offset + length + 3];
            random.nextBytes(data);
            if (length % 5 == 0) {
                java.util.Arrays.fill(data, (byte) 0xff); // the largest accumulator values
            }

            byte[] ours = new byte[16 + 2];
            Poly1305.tag(r, s, data, offset, length, ours, 2);

            org.bouncycastle.crypto.macs.Poly1305 theirs = new org.bouncycastle.crypto.macs.Poly1305();
            byte[] key = new byte[32];
            System.arraycopy(r, 0, key, 0, 16);
            System.arraycopy(s, 0, key, 16, 16);
            theirs.init(new KeyParameter(key));
            theirs.update(data, offset, length);
            byte[] expected = new byte[16];
            theirs.doFinal(expected, 0);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(ours, 2, 18), "length " + length);
        }
    }
}
