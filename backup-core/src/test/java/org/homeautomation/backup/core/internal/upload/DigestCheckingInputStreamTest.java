package org.homeautomation.backup.core.internal.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class DigestCheckingInputStreamTest {
    private static final byte[] DATA = "the archive bytes".getBytes(StandardCharsets.UTF_8);

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void passesAnIntactCopyThrough() throws Exception {
        try (InputStream in = new DigestCheckingInputStream(new ByteArrayInputStream(DATA), sha256(DATA),
                DATA.length, "backup b from agent 'a'")) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
    }

    @Test
    void failsAtTheEndWhenOneByteDiffers() throws Exception {
        byte[] damaged = DATA.clone();
        damaged[3] ^= 1;
        InputStream in = new DigestCheckingInputStream(new ByteArrayInputStream(damaged), sha256(DATA), DATA.length,
                "backup b from agent 'a'");
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("backup b from agent 'a'") && e.getMessage().contains("SHA-256"),
                e.getMessage());
    }

    @Test
    void failsWhenTheCopyIsTruncated() throws Exception {
        byte[] truncated = java.util.Arrays.copyOf(DATA, DATA.length - 1);
        InputStream in = new DigestCheckingInputStream(new ByteArrayInputStream(truncated), sha256(DATA),
                DATA.length, "backup b");
        IOException e = assertThrows(IOException.class, () -> in.transferTo(java.io.OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void skippedBytesAreStillChecked() throws Exception {
        byte[] damaged = DATA.clone();
        damaged[0] ^= 1;
        InputStream in = new DigestCheckingInputStream(new ByteArrayInputStream(damaged), sha256(DATA), DATA.length,
                "backup b");
        in.skip(5);
        assertThrows(IOException.class, in::readAllBytes);
    }

    @Test
    void aCopyLongerThanDeclaredFailsAtTheFirstExtraByteAndPassesNothingBeyondTheDeclaredSize() throws Exception {
        // The declared bytes, then zeros without end: a file grown far beyond its metadata.
        long[] served = { 0 };
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return served[0] < DATA.length ? DATA[(int) served[0]++] & 0xff : zero();
            }

            private int zero() {
                served[0]++;
                return 0;
            }
        };
        java.io.ByteArrayOutputStream passedOn = new java.io.ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (size() > DATA.length) {
                    throw new AssertionError(size() + " bytes were passed on, the archive declares " + DATA.length);
                }
            }
        };
        InputStream in = new DigestCheckingInputStream(endless, sha256(DATA), DATA.length,
                "backup b from agent 'a'");
        DamagedArchiveException e = assertThrows(DamagedArchiveException.class, () -> in.transferTo(passedOn));

        assertArrayEquals(DATA, passedOn.toByteArray(), "nothing beyond the declared size may be passed on");
        assertTrue(served[0] <= DATA.length + 1, "read " + served[0] + " bytes of an archive of " + DATA.length);
        assertTrue(e.getMessage().contains("backup b from agent 'a'") && e.getMessage().contains("longer than the "
                + DATA.length + " bytes"), e.getMessage());
        assertThrows(DamagedArchiveException.class, in::read, "a damaged copy stays damaged");
    }
}
