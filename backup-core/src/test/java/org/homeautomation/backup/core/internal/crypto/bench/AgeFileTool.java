package org.homeautomation.backup.core.internal.crypto.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.AgeEncryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.AgeFileKey;

/**
 * Encrypts or decrypts one file with this project's age streams, as {@code age -p} and {@code age -d} do, for
 * {@code benchmark/age-benchmark.sh}. The passphrase comes from the environment variable AGE_BENCH_PASSPHRASE, so
 * that it is not on the command line.
 *
 * <p>Usage: {@code encrypt|decrypt IN OUT [LOG_N]}
 */
public final class AgeFileTool {
    private AgeFileTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: encrypt|decrypt IN OUT [LOG_N]");
            System.exit(2);
        }
        char[] passphrase = System.getenv().getOrDefault("AGE_BENCH_PASSPHRASE", "").toCharArray();
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        try (InputStream source = Files.newInputStream(in); OutputStream target = Files.newOutputStream(out)) {
            if (args[0].equals("encrypt")) {
                int logN = args.length > 3 ? Integer.parseInt(args[3]) : AgeFileKey.DEFAULT_LOG_N;
                AgeFileKey key = AgeFileKey.generate(passphrase, logN, new SecureRandom());
                try (InputStream encrypting = new AgeEncryptingInputStream(source, key)) {
                    encrypting.transferTo(target);
                }
            } else {
                try (InputStream decrypting = AgeDecryptingInputStream.open(source, passphrase)) {
                    decrypting.transferTo(target);
                }
            }
        }
    }
}
