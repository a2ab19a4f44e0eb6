package org.homeautomation.backup.core.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

/**
 * Pipes generated plaintext through an {@link AgeEncryptingInputStream} straight into an
 * {@link AgeDecryptingInputStream}, comparing what comes out with what went in, without storing either. Run in a JVM
 * with a heap far smaller than the data by {@link AgeLargeStreamTest}; prints one line of {@code name=value} results.
 *
 * <p>Arguments: the plaintext size in bytes.
 */
final class AgeStreamPipe {
    private AgeStreamPipe() {
    }

    public static void main(String[] args) throws IOException {
        long size = Long.parseLong(args[0]);
        char[] passphrase = "pipe passphrase".toCharArray();
        AgeFileKey key = AgeFileKey.generate(passphrase, AgeTestData.TEST_LOG_N, new SecureRandom());
        PatternSource source = new PatternSource(size);
        CountingStream ciphertext = new CountingStream(new AgeEncryptingInputStream(source, key));

        long returned = 0;
        long maxLead = 0;
        long firstMismatch = -1;
        // A buffer size that does not divide the chunk size, so reads straddle chunk boundaries.
        byte[] buffer = new byte[50_000];
        try (InputStream plain = AgeDecryptingInputStream.open(ciphertext, passphrase)) {
            for (int n; (n = plain.read(buffer)) >= 0; ) {
                if (firstMismatch < 0 && !source.matches(buffer, n, returned)) {
                    firstMismatch = returned;
                }
                returned += n;
                maxLead = Math.max(maxLead, source.produced() - returned);
            }
        }
        System.out.println("plaintext=" + returned + " ciphertext=" + ciphertext.count + " expectedCiphertext="
                + key.encryptedSize(size) + " firstMismatch=" + firstMismatch + " maxLead=" + maxLead + " maxHeap="
                + Runtime.getRuntime().maxMemory());
    }

    /** {@code size} bytes of a random pattern whose length (a prime) is no multiple of the chunk size. */
    private static final class PatternSource extends InputStream {
        private static final int PERIOD = 1_000_003;
        private final byte[] pattern = new byte[PERIOD];
        private final long size;
        private long produced;

        PatternSource(long size) {
            this.size = size;
            new Random(42).nextBytes(pattern);
        }

        long produced() {
            return produced;
        }

        @Override
        public int read() {
            if (produced == size) {
                return -1;
            }
            return pattern[(int) (produced++ % PERIOD)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced == size) {
                return -1;
            }
            int phase = (int) (produced % PERIOD);
            int n = (int) Math.min(Math.min(len, size - produced), PERIOD - phase);
            System.arraycopy(pattern, phase, b, off, n);
            produced += n;
            return n;
        }

        /** @return whether {@code b[0..n)} is the pattern from {@code position} on */
        boolean matches(byte[] b, int n, long position) {
            int phase = (int) (position % PERIOD);
            int first = Math.min(n, PERIOD - phase);
            return Arrays.equals(b, 0, first, pattern, phase, phase + first)
                    && Arrays.equals(b, first, n, pattern, 0, n - first);
        }
    }

    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
