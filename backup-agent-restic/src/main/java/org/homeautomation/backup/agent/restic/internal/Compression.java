package org.homeautomation.backup.agent.restic.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;

/** zstd decompression with a bound on the output, for data read from a repository that anyone may have written. */
final class Compression {
    private Compression() {
    }

    /**
     * @param max the most bytes accepted
     * @throws IllegalArgumentException when the data is not zstd or would decompress to more than {@code max} bytes
     */
    static byte[] decompress(byte[] compressed, int max) {
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            byte[] out = in.readNBytes(max + 1);
            if (out.length > max) {
                throw new IllegalArgumentException("the data decompresses to more than " + max + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("the data is not valid zstd: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("the data is not valid zstd: " + e.getMessage());
        }
    }

    /**
     * Decompresses a blob whose plaintext length the index gives.
     *
     * @throws IllegalArgumentException when the data is not zstd or its length differs
     */
    static byte[] decompressExactly(byte[] compressed, int length) {
        byte[] out = new byte[length];
        long n = Zstd.decompressByteArray(out, 0, length, compressed, 0, compressed.length);
        if (Zstd.isError(n) || n != length) {
            throw new IllegalArgumentException(Zstd.isError(n) ? "the data is not valid zstd: "
                    + Zstd.getErrorName(n) : "the data decompresses to " + n + " bytes, not " + length);
        }
        return out;
    }
}
